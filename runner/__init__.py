"""dodo-cio: run Dodo Payments' Customer.io webhook transformations locally, like the dashboard."""
