# Edge cases of tokenize's regexes (fixture written for this project).
x = 1 \
  + 2  # comment after a continuation
y = [1,  # comment in brackets
  2]
z = 3 \

a= 1
s = 'ab'
# commentwith a lone CR
t = 1 # c
u = 1

   
v = 1;
w = 1 if x else-1
def f(): return\
 1
print(*a, **k)
q = ١٢ + x²
é = 1
n = 0_1 + 0__0 + 1_
