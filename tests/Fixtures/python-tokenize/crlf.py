# CRLF line endings (fixture written for this project).
def f(a,
      b):
    # comment
    return a + \
        b

s = """x
y"""
t = "a\
b"
