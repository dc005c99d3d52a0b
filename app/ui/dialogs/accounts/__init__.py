"""The account dialogs: the account list, editing an account, passwords."""
