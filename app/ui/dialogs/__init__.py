"""One dialog per module. A module here that defines `install(window)` is called once the main
window is built (so other areas add their menus without editing the window)."""
