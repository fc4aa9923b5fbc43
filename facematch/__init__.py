"""1:1 face comparison (人证比对) shared by the terminal and the back office: a live face against a reference.

Plain Python without Qt or HTTP; imports nothing of ours, so `kiosk/` and `backoffice/` may both use it.
The shipped engine is open and advisory (engine.py); a certified engine is a plug-in (plugins.py).
"""
