# Numeric literals (fixture written for this project).
ints = [0, 00, 0_0, 7, 1_000, 123456789, 1_2_3]
hexes = [0x0, 0XFF, 0xdead_BEEF, 0x_1]
octs = [0o7, 0O17, 0o_7_7]
bins = [0b0, 0B1010, 0b_1_0]
floats = [1.0, 1., .5, 1.5e10, 1e-3, 1E+3, 1_0.0_1, 3.14e-1_0, 0.0, 00.5, 1.e5]
imag = [1j, 1J, 1.5j, 1e-3j, .5j, 1_0j, 0j, 1.j, 3e5J]
attr = 1 .real + 1.0.real + x.y
rng = a[1:2], a[1.:2.]
dot3 = ...
odd = 0x1g, 1e, 1_a, 0b2, 0o8, 1__0, 012, 1if x else 2
