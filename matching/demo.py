"""The matching plugin's demo: built in the next slice."""


def build_demo(context):
    return None
