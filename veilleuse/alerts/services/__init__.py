"""Every write of the alert network, one module per activity (convention 2)."""
