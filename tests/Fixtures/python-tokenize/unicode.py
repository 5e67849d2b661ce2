# Unicode identifiers and non-BMP text (fixture written for this project).
café = 1
naïve_π = café * 2
日本 = "文字列"
émoji = "😀 🚀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢" + 'x'  # comment with 😀 emoji
Ω = [émoji, 日本, naïve_π]
ℌ = "after non-BMP 𝒳 the column counts code points"; y = ℌ
def fn(ß, µ=1): return ß + µ
