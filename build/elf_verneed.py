#!/usr/bin/env python3
"""Read and patch the version-needs (.gnu.version_r) table of an ELF shared object.

Standard library only (struct). Written for build/patch-torchsharp.sh, which uses it to mark
libLibTorchSharp.so's requirement on libstdc++ version GLIBCXX_3.4.32 as weak (VER_FLG_WEAK), so
the dynamic linker of a system whose libstdc++ stops at GLIBCXX_3.4.30 (Debian 12) accepts it.

The table is found through the dynamic segment (PT_DYNAMIC -> DT_VERNEED, DT_VERNEEDNUM, DT_STRTAB),
not through section headers, so it also works on objects whose section headers were stripped or
rewritten by patchelf. ELF32/ELF64 and either byte order are handled.

Usage:
  elf_verneed.py list  LIB                      print "file<TAB>version<TAB>flags" per requirement
  elf_verneed.py check LIB VERSION              exit 0 if VERSION is required and weak,
                                                1 if required and not weak, 2 if not required at all
  elf_verneed.py weaken LIB VERSION [--file F]  set VER_FLG_WEAK on VERSION (only under file F if
                                                given); idempotent: writes nothing when already weak.
                                                Exit 0 on success, 2 if VERSION is not required.
"""

import struct
import sys

PT_LOAD = 1
PT_DYNAMIC = 2
DT_NULL = 0
DT_STRTAB = 5
DT_VERNEED = 0x6FFFFFFE
DT_VERNEEDNUM = 0x6FFFFFFF
VER_FLG_BASE = 0x1
VER_FLG_WEAK = 0x2
VER_FLG_INFO = 0x4


class ElfError(Exception):
    """The file is not an ELF object this tool understands."""


class Requirement:
    """One Elf_Vernaux entry: a version required from a file."""

    def __init__(self, file_name, version, flags, flags_offset):
        self.file_name = file_name
        self.version = version
        self.flags = flags
        self.flags_offset = flags_offset  # file offset of vna_flags (a 16-bit field)

    @property
    def weak(self):
        return bool(self.flags & VER_FLG_WEAK)

    def flags_text(self):
        names = []
        if self.flags & VER_FLG_BASE:
            names.append("BASE")
        if self.flags & VER_FLG_WEAK:
            names.append("WEAK")
        if self.flags & VER_FLG_INFO:
            names.append("INFO")
        rest = self.flags & ~(VER_FLG_BASE | VER_FLG_WEAK | VER_FLG_INFO)
        if rest:
            names.append("0x%x" % rest)
        return "|".join(names) if names else "none"


class ElfImage:
    """An ELF file held in memory, with just enough parsing to reach the version needs."""

    def __init__(self, data):
        if len(data) < 16 or data[:4] != b"\x7fELF":
            raise ElfError("not an ELF file")
        ei_class, ei_data = data[4], data[5]
        if ei_class == 1:
            self.is64 = False
        elif ei_class == 2:
            self.is64 = True
        else:
            raise ElfError("unknown ELF class %d" % ei_class)
        if ei_data == 1:
            self.endian = "<"
        elif ei_data == 2:
            self.endian = ">"
        else:
            raise ElfError("unknown ELF data encoding %d" % ei_data)
        self.data = data
        self._read_program_headers()

    def _unpack(self, fmt, offset):
        fmt = self.endian + fmt
        size = struct.calcsize(fmt)
        if offset < 0 or offset + size > len(self.data):
            raise ElfError("truncated file (read of %d bytes at offset %d)" % (size, offset))
        return struct.unpack_from(fmt, self.data, offset)

    def _read_program_headers(self):
        if self.is64:
            # e_ident[16] e_type e_machine e_version e_entry e_phoff e_shoff e_flags e_ehsize e_phentsize e_phnum
            (e_phoff,) = self._unpack("Q", 0x20)
            e_phentsize, e_phnum = self._unpack("HH", 0x36)
        else:
            (e_phoff,) = self._unpack("I", 0x1C)
            e_phentsize, e_phnum = self._unpack("HH", 0x2A)
        self.segments = []
        for k in range(e_phnum):
            off = e_phoff + k * e_phentsize
            if self.is64:
                p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz, _memsz, _align = self._unpack("IIQQQQQQ", off)
            else:
                p_type, p_offset, p_vaddr, _paddr, p_filesz, _memsz, _flags, _align = self._unpack("IIIIIIII", off)
            self.segments.append((p_type, p_offset, p_vaddr, p_filesz))

    def vaddr_to_offset(self, vaddr):
        for p_type, p_offset, p_vaddr, p_filesz in self.segments:
            if p_type == PT_LOAD and p_vaddr <= vaddr < p_vaddr + p_filesz:
                return p_offset + (vaddr - p_vaddr)
        raise ElfError("address 0x%x is not in any loadable segment" % vaddr)

    def dynamic_entries(self):
        dyn = [s for s in self.segments if s[0] == PT_DYNAMIC]
        if not dyn:
            raise ElfError("no dynamic segment (not a shared object?)")
        _t, offset, _v, filesz = dyn[0]
        entry_size = 16 if self.is64 else 8
        fmt = "qQ" if self.is64 else "iI"
        entries = []
        for k in range(filesz // entry_size):
            tag, val = self._unpack(fmt, offset + k * entry_size)
            if tag == DT_NULL:
                break
            entries.append((tag, val))
        return entries

    def _string(self, strtab_offset, index):
        start = strtab_offset + index
        end = self.data.index(b"\0", start)
        return self.data[start:end].decode("utf-8", "replace")

    def requirements(self):
        tags = {}
        for tag, val in self.dynamic_entries():
            tags.setdefault(tag, val)
        if DT_VERNEED not in tags:
            return []
        if DT_STRTAB not in tags:
            raise ElfError("DT_VERNEED without DT_STRTAB")
        strtab = self.vaddr_to_offset(tags[DT_STRTAB])
        count = tags.get(DT_VERNEEDNUM)
        offset = self.vaddr_to_offset(tags[DT_VERNEED])
        result = []
        seen = 0
        while True:
            # Elf_Verneed: vn_version(H) vn_cnt(H) vn_file(I) vn_aux(I) vn_next(I) - same in ELF32/64.
            vn_version, vn_cnt, vn_file, vn_aux, vn_next = self._unpack("HHIII", offset)
            if vn_version != 1:
                raise ElfError("unsupported Elf_Verneed version %d at offset %d" % (vn_version, offset))
            file_name = self._string(strtab, vn_file)
            aux = offset + vn_aux
            for _ in range(vn_cnt):
                # Elf_Vernaux: vna_hash(I) vna_flags(H) vna_other(H) vna_name(I) vna_next(I).
                _hash, vna_flags, _other, vna_name, vna_next = self._unpack("IHHII", aux)
                result.append(Requirement(file_name, self._string(strtab, vna_name), vna_flags, aux + 4))
                if vna_next == 0:
                    break
                aux += vna_next
            seen += 1
            if vn_next == 0 or (count is not None and seen >= count):
                break
            offset += vn_next
        return result

    def set_flags(self, requirement, flags):
        struct.pack_into(self.endian + "H", self.data, requirement.flags_offset, flags)


def load(path):
    with open(path, "rb") as f:
        return ElfImage(bytearray(f.read()))


def main(argv):
    if len(argv) < 3 or argv[1] not in ("list", "check", "weaken"):
        sys.stderr.write(__doc__)
        return 64
    command, path = argv[1], argv[2]
    try:
        image = load(path)
        reqs = image.requirements()
    except (OSError, ElfError) as e:
        sys.stderr.write("elf_verneed.py: %s: %s\n" % (path, e))
        return 3

    if command == "list":
        for r in reqs:
            print("%s\t%s\t%s" % (r.file_name, r.version, r.flags_text()))
        return 0

    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 64
    version = argv[3]
    only_file = None
    if len(argv) >= 6 and argv[4] == "--file":
        only_file = argv[5]
    matches = [r for r in reqs if r.version == version and (only_file is None or r.file_name == only_file)]
    if not matches:
        if command == "check":
            return 2
        sys.stderr.write("elf_verneed.py: %s does not require version %s%s\n"
                         % (path, version, "" if only_file is None else " from " + only_file))
        return 2

    if command == "check":
        return 0 if all(r.weak for r in matches) else 1

    changed = False
    for r in matches:
        if not r.weak:
            image.set_flags(r, r.flags | VER_FLG_WEAK)
            changed = True
    if changed:
        # Write in place (the caller works on a private copy and renames it into position).
        with open(path, "r+b") as f:
            f.write(image.data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
