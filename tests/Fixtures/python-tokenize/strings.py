# String literals (fixture written for this project).
a = 'single' + "double" + '' + ""
b = b'bytes' + B"BYTES" + rb'raw\bytes' + Rb"x" + bR'y' + BR"z" + br'w'
c = r'raw\n' + R"RAW\d" + u'unicode' + U"UNICODE"
d = 'esc\'aped' + "esc\"aped" + 'back\\slash' + "tab\t"
e = f'fstr {a}' + F"{b!r:>10}" + fr'{c}\d' + Rf"{d}" + rF'x' + FR"y" + fR'z'
f = f"{'nested'} {x['key']} {{literal}} {y:{width}.{prec}}"
g = """triple
double"""
h = '''triple
single with 'quotes' and "quotes"
'''
i = b"""bytes
triple"""
j = rb'''raw \
bytes'''
k = f"""multi
{a}
line"""
l = "continued \
string"
m = 'continued \
over \
three'
n = """one-line triple"""
o = '''with \''' escaped'''
p = """ends with quote\""""
q = "adjacent" "strings" 'concatenated'
r = ("in parens"
     "implicit")
s = """
    indented docstring-like
        text
"""
t = 'unicode: héllo wörld ✓ 日本語'
u = "\N{BULLET} \x41 \u00e9 \U0001F600 \0"
v = ur = 1  # not a valid prefix: ur'x' is NAME ur then STRING
w = ub'x'
def doc():
    """Docstring
    spanning lines."""
    return '''x''', """y""", ''''''
