"""The shift dialogs: opening, handing over, reprinting, the rota, the shift settings."""
