"""The journey of an application, written once: received -> prepared -> decided -> letter ->
payments. Each step calls one existing ``do_*`` action and schedules the next after commit."""
