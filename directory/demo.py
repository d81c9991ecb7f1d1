def build_directory(context):
    pass
