#!/usr/bin/env python3
# Fixture for CodeNeurons' Python lexer (written for this project; MIT).
"""Module docstring."""
from __future__ import annotations

import os.path as osp
from typing import (Any,
                    Optional)


@decorator(arg=1)
class Shape(Base, metaclass=Meta):
    """A shape."""

    sides: int = 0

    def __init__(self, *args: Any, **kwargs) -> None:
        super().__init__()
        self.name = kwargs.get("name", None)

    async def area(self) -> float:
        await something()
        return 0.0

    @property
    def is_polygon(self):
        return self.sides > 2 and not False or True


def ops(a, b, /, c, *, d):
    a += 1; b -= 2; c *= 3; d /= 4
    a //= 2; b %= 3; c **= 2; d @= m
    a &= 1; b |= 2; c ^= 3; d >>= 1; a <<= 2
    x = a + b - c * d / a // b % c ** d @ m
    y = a & b | c ^ ~d >> 1 << 2
    z = a == b != c < d > a <= b >= c
    w = [i for i in range(10) if i % 2]
    v = {k: v for k, v in zip("ab", (1, 2))}
    u = {1, 2, 3}
    t = lambda q: q[1:2:3], ...
    if (n := len(w)) > 3:
        pass
    elif n is None or n is not None:
        del w[0]
    else:
        global G
    while True:
        break
    for _ in x:
        continue
    try:
        raise ValueError from None
    except (ValueError, TypeError) as e:
        assert e, "message"
    finally:
        yield from z
    with open(p) as f, open(q) as g:
        nonlocal_name = 1
    return a.b.c


match command.split():
    case [action]:
        pass
    case [action, obj]:
        pass
    case Point(x=0, y=0) | _:
        type = "soft"
match = case = _ = 1
print(match, case, _, type)
