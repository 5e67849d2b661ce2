# Layout: tabs, form feeds, continuations (fixture written for this project).
if x:
	if y:
		z = 1
		# comment at deeper indent
  # comment at odd indent

	    
	else:
	        w = 2
	pass
v = (1,
     2,

     # inside parens
  3)
u = 1 + \
    2
t = [
]
def f():
        return 1

class C:
    def m(self):
        if a:
            if b:
                pass
# dedent via comment line
x = {
    "a": [1,
          2],
}
if q: r = 1
for i in x: \
    pass
   

