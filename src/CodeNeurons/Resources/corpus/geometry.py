# Written for CodeNeurons; MIT licence.
"""Plane and solid geometry helpers with plenty of numeric constants."""

import math
from math import cos, pi, radians, sin, sqrt

EPS = 1e-12
SQRT2 = 1.4142135623730951
SQRT3 = 1.7320508075688772
EARTH_RADIUS_KM = 6371.0088
FEET_PER_METRE = 3.28084
MASK_16 = 0xFFFF
OCTAL_PERMS = 0o755
BIT_PATTERN = 0b1011_0110


class Vector:
    __slots__ = ("x", "y", "z")

    def __init__(self, x=0.0, y=0.0, z=0.0):
        self.x, self.y, self.z = x, y, z

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y, self.z - other.z)

    def scale(self, k):
        return Vector(self.x * k, self.y * k, self.z * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def cross(self, other):
        return Vector(
            self.y * other.z - self.z * other.y,
            self.z * other.x - self.x * other.z,
            self.x * other.y - self.y * other.x,
        )

    def norm(self):
        return sqrt(self.dot(self))

    def __repr__(self):
        return "Vector(%.3f, %.3f, %.3f)" % (self.x, self.y, self.z)


def sphere_volume(r):
    return 4.0 / 3.0 * pi * r ** 3


def cone_volume(r, h):
    return pi * r * r * h / 3


def torus_area(major, minor):
    return 4 * pi * pi * major * minor


def regular_polygon_area(sides, edge):
    if sides < 3:
        raise ValueError("a polygon needs at least three sides")
    return sides * edge * edge / (4 * math.tan(pi / sides))


def haversine(lat1, lon1, lat2, lon2):
    p1, p2 = radians(lat1), radians(lat2)
    dp = p2 - p1
    dl = radians(lon2 - lon1)
    a = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(sqrt(a))


def convex_hull(points):
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def turn(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def frange(start, stop, step):
    value = start
    while value < stop - EPS:
        yield round(value, 6)
        value += step


def triangle_kind(a, b, c):
    a, b, c = sorted((a, b, c))
    if a <= 0 or a + b <= c:
        return "impossible"
    if abs(a * a + b * b - c * c) < 1e-6:
        return "right"
    if a == b == c:
        return "equilateral"
    if a == b or b == c:
        return "isosceles"
    return "scalene"


CITIES = {
    "Lisbon": (38.7223, -9.1393),
    "Oslo": (59.9139, 10.7522),
    "Nairobi": (-1.2921, 36.8219),
    "Lima": (-12.0464, -77.0428),
    "Osaka": (34.6937, 135.5023),
    "Perth": (-31.9523, 115.8613),
    "Reykjavik": (64.1466, -21.9426),
}


UNIT_FACTORS = {
    "mm": 0.001, "cm": 0.01, "dm": 0.1, "km": 1000.0, "in": 0.0254, "ft": 0.3048,
    "yd": 0.9144, "mi": 1609.344, "nmi": 1852.0, "fathom": 1.8288, "league": 4828.032,
    "chain": 20.1168, "furlong": 201.168, "rod": 5.0292, "hand": 0.1016, "au": 1.495978707e11,
}

_cache = {}
_calls = 0


def to_metres(value, unit):
    global _calls
    _calls += 1
    match unit:
        case "m":
            return value
        case "um" | "micron":
            return value * 1e-6
        case str() if unit in UNIT_FACTORS:
            return value * UNIT_FACTORS[unit]
        case _:
            raise ValueError("unknown unit: " + unit)


def make_counter(start=0):
    total = start

    def bump(step=1):
        nonlocal total
        total += step
        return total

    return bump


def nth_triangular(n):
    if n in _cache:
        return _cache[n]
    result = n * (n + 1) // 2
    _cache[n] = result
    return result


async def slow_area(radius):
    return pi * radius * radius


def main():
    u = Vector(1.5, -2.0, 0.25)
    v = Vector(-0.75, 4.0, 3.5)
    print("u + v =", u + v)
    print("u x v =", u.cross(v))
    print("|u| = %.6f" % u.norm())
    print("angle(u, v) = %.4f rad" % math.acos(u.dot(v) / (u.norm() * v.norm())))
    for r in (0.5, 1, 2.25, 10, 63.5):
        print("sphere r={} V={:.3f}".format(r, sphere_volume(r)))
    print("cone:", cone_volume(3.2, 7.8), "torus:", torus_area(11.0, 2.75))
    for sides in range(3, 13):
        print(sides, round(regular_polygon_area(sides, 2.0), 4))
    names = sorted(CITIES)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            d = haversine(*CITIES[first], *CITIES[second])
            if d < 5000:
                print("{} -> {}: {:.1f} km".format(first, second, d))
    cloud = [(0, 0), (4, 1), (2, 2), (3, 5), (-1, 3), (1, -2), (5, 4), (2, 7), (-3, -1)]
    print("hull:", convex_hull(cloud))
    print("steps:", list(frange(0.0, 1.0, 0.125)))
    for sides in [(3, 4, 5), (2, 2, 2), (5, 5, 8), (1, 2, 3), (6.5, 7.25, 9.75)]:
        print(sides, triangle_kind(*sides))
    try:
        regular_polygon_area(2, 1.0)
    except ValueError as exc:
        print("error:", exc)
    print("feet in 8848.86 m: %.1f" % (8848.86 * FEET_PER_METRE))
    print("bits:", bin(BIT_PATTERN), hex(MASK_16 & 0xBEEF), oct(OCTAL_PERMS))
    print("constants:", SQRT2 * SQRT3, 2.5e-3, 6.674e-11, 1.602e-19, 299_792_458)
    areas = map(lambda s: s * s * SQRT3 / 4, [1, 2, 4, 8, 16, 32])
    print("equilateral areas:", [round(a, 3) for a in areas])
    for value, unit in [(12, "in"), (3, "ft"), (26.2, "mi"), (250, "um"), (7, "furlong")]:
        print("{} {} = {:.4f} m".format(value, unit, to_metres(value, unit)))
    counter = make_counter(100)
    for step in (5, 15, 30, 45, 90):
        counter(step)
    print("counter:", counter(0), "calls:", _calls)
    print("triangular:", [nth_triangular(n) for n in (7, 11, 19, 23, 29, 31, 37, 41)])
    scratch = list(range(8))
    del scratch[2:5]
    for item in scratch:
        if item > 6:
            break
    else:
        pass
    print("primes below 60:", [n for n in range(2, 60) if all(n % d for d in range(2, n))])
    print("complex rotation:", (1 + 2j) * 1j, abs(3 + 4j))


if __name__ == "__main__":
    main()
