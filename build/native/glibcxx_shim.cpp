// glibcxx_shim.cpp - a one-symbol stand-in for libstdc++'s GLIBCXX_3.4.32.
//
// GCC 13's <iostream> no longer gives every translation unit a static std::ios_base::Init object.
// Instead it plants a reference to std::ios_base_library_init() (mangled _ZSt21ios_base_library_initv,
// version GLIBCXX_3.4.32) so that the object cannot be loaded by a libstdc++ older than GCC 13,
// whose own start-up code is what initialises std::cout and friends.
//
// TorchSharp 0.107's libLibTorchSharp.so carries that reference. Debian 12 ships GCC 12's libstdc++
// (versions up to GLIBCXX_3.4.30), so the dynamic linker refuses the library. The reference is never
// called (there is no relocation against it); it only pins the version. This shim
//   * defines the symbol with version GLIBCXX_3.4.32 (see glibcxx_shim.map), so every versioned
//     reference of the patched library resolves, and
//   * owns a static std::ios_base::Init, which is what a GCC 12 translation unit including <iostream>
//     would have owned, so the standard streams are initialised before the library's constructors run
//     (the shim is a DT_NEEDED dependency of it, so its constructors run first).
//
// Built by build/patch-torchsharp.sh:
//   g++ -shared -fPIC -O2 -Wl,--version-script=glibcxx_shim.map -o libglibcxx_shim.so glibcxx_shim.cpp

#include <ios>

namespace
{
    // Reference-counted by libstdc++: constructing one more Init object is always harmless.
    std::ios_base::Init s_streamsInit;
}

extern "C" __attribute__((visibility("default"))) void _ZSt21ios_base_library_initv()
{
    // Nothing to do: s_streamsInit above has already run when this library was loaded.
}
