# Stray characters tokenize accepts as ERRORTOKEN (fixture written for this project).
a = $b
c = d ? e : f
g = !h
i = `j`
k = 'unterminated
l = "also unterminated
m = b'bad prefix
n = 1 \ 2
