"""Code for probe processes that report what a start-up loaded (tests run it with
`python -c`): appended to a probe, it sets `built`, the names of briefpack's pydantic
models whose validators were built."""

BUILT_MODELS = """
from pydantic import BaseModel
def every(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from every(sub)
built = sorted({c.__name__ for c in every(BaseModel)
                if c.__module__.startswith("briefpack.") and c.__pydantic_complete__})
"""
