"""The GUI robot: drives the real main window in a subprocess (see driver.py, test_robot.py)."""
