"""(in progress)"""


def main(args) -> int:
    raise NotImplementedError
