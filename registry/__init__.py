"""The customer register of Molentum Oy: every rule, query and action, free of Streamlit.

Pages and the command line both call these functions; see docs/rules.md for the map from
REGISTER.md's rules to the functions that implement them.
"""
