// Compiled by MSBuild's RoslynCodeTaskFactory (see SslDsl.Native.targets), so this one file holds
// the task and the ELF logic it uses. Tests compile the ELF logic alone (SSLDSL_ELF_ONLY) and check the
// task through the build of their own output.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
#if !SSLDSL_ELF_ONLY
using Microsoft.Build.Framework;
#endif

namespace SslDsl.Build
{
#if !SSLDSL_ELF_ONLY
    /// <summary>
    /// Marks chosen symbol-version needs of ELF64 shared libraries as weak (VER_FLG_WEAK).
    /// </summary>
    /// <remarks>
    /// TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 only for
    /// <c>_ZSt21ios_base_library_initv</c>, which no relocation uses. Debian 12 and Ubuntu 22.04 ship
    /// libstdc++ up to 3.4.30 and the loader refuses the library. A weak need only warns, so the library
    /// loads and works. The file is rewritten through a temporary file and a rename: a hard-linked or
    /// read-only package-cache original is never modified.
    /// </remarks>
    public sealed class WeakenElfVersionNeeds : Microsoft.Build.Utilities.Task
    {
        /// <summary>The shared libraries to patch; missing files are skipped.</summary>
        [Required]
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Version names (e.g. <c>GLIBCXX_3.4.32</c>) whose needs become weak.</summary>
        [Required]
        public string[] VersionNames { get; set; } = Array.Empty<string>();

        public override bool Execute()
        {
            var names = new HashSet<string>(VersionNames, StringComparer.Ordinal);
            foreach (ITaskItem item in Files)
            {
                string path = item.GetMetadata("FullPath");
                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    IReadOnlyList<string> weakened = ElfVersionNeeds.WeakenFile(path, names);
                    if (weakened.Count > 0)
                    {
                        Log.LogMessage(MessageImportance.Normal, "SslDsl: marked version need(s) {0} weak in {1}", string.Join(", ", weakened), path);
                    }
                }
                catch (InvalidDataException ex)
                {
                    Log.LogError("SslDsl: cannot patch '{0}': {1}", path, ex.Message);
                }
            }

            return !Log.HasLoggedErrors;
        }
    }
#endif

    /// <summary>One auxiliary entry of <c>.gnu.version_r</c>: a library needs a version name.</summary>
    public sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string file, string name, ushort flags, int flagsOffset)
        {
            File = file;
            Name = name;
            Flags = flags;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The needed library (e.g. <c>libstdc++.so.6</c>).</summary>
        public string File { get; }

        /// <summary>The needed version (e.g. <c>GLIBCXX_3.4.32</c>).</summary>
        public string Name { get; }

        /// <summary><c>vna_flags</c>; bit <see cref="ElfVersionNeeds.WeakFlag"/> means weak.</summary>
        public ushort Flags { get; }

        /// <summary>Byte offset of <c>vna_flags</c> in the file.</summary>
        public int FlagsOffset { get; }

        public bool IsWeak => (Flags & ElfVersionNeeds.WeakFlag) != 0;
    }

    /// <summary>Reads and edits the version-need table (<c>.gnu.version_r</c>) of little-endian ELF64 files.</summary>
    public static class ElfVersionNeeds
    {
        public const ushort WeakFlag = 0x2;              // VER_FLG_WEAK
        private const uint ShtGnuVerneed = 0x6ffffffe;   // SHT_GNU_verneed
        private const int SectionHeaderSize = 64;

        /// <summary>True for a little-endian ELF64 image (the only layout this reader handles).</summary>
        public static bool IsElf64LittleEndian(byte[] image) =>
            image.Length >= 64 && image[0] == 0x7F && image[1] == (byte)'E' && image[2] == (byte)'L' && image[3] == (byte)'F'
            && image[4] == 2 && image[5] == 1;

        /// <summary>Lists every version need; empty for a file without <c>.gnu.version_r</c>.</summary>
        public static IReadOnlyList<ElfVersionNeed> Read(byte[] image)
        {
            if (!IsElf64LittleEndian(image))
            {
                throw new InvalidDataException("not a little-endian ELF64 file");
            }

            ulong shoff = U64(image, 0x28);
            ushort shentsize = U16(image, 0x3A);
            ushort shnum = U16(image, 0x3C);
            ushort shstrndx = U16(image, 0x3E);
            if (shentsize != SectionHeaderSize || shnum == 0 || shstrndx >= shnum)
            {
                throw new InvalidDataException($"unexpected section header table (entry size {shentsize}, count {shnum}, names index {shstrndx})");
            }

            Require(image, shoff, (ulong)shnum * SectionHeaderSize, "section header table");
            int SectionAt(int index) => checked((int)shoff + (index * SectionHeaderSize));
            int namesOffset = checked((int)U64(image, SectionAt(shstrndx) + 0x18));

            var needs = new List<ElfVersionNeed>();
            for (int i = 0; i < shnum; i++)
            {
                int header = SectionAt(i);
                if (U32(image, header + 4) != ShtGnuVerneed
                    || CString(image, namesOffset + (int)U32(image, header)) != ".gnu.version_r")
                {
                    continue;
                }

                ulong offset = U64(image, header + 0x18);
                ulong size = U64(image, header + 0x20);
                uint link = U32(image, header + 0x28);
                uint count = U32(image, header + 0x2C);
                Require(image, offset, size, ".gnu.version_r");
                if (link >= shnum)
                {
                    throw new InvalidDataException($".gnu.version_r links to missing section {link}");
                }

                int strings = checked((int)U64(image, SectionAt((int)link) + 0x18));
                ReadNeeds(image, (int)offset, (int)size, count, strings, needs);
            }

            return needs;
        }

        /// <summary>Sets the weak flag on every non-weak need whose version is in <paramref name="names"/>.</summary>
        /// <returns>The names weakened now (empty when nothing needed a change).</returns>
        public static IReadOnlyList<string> Weaken(byte[] image, ISet<string> names)
        {
            var weakened = new List<string>();
            foreach (ElfVersionNeed need in Read(image))
            {
                if (!need.IsWeak && names.Contains(need.Name))
                {
                    ushort flags = (ushort)(need.Flags | WeakFlag);
                    image[need.FlagsOffset] = (byte)flags;
                    image[need.FlagsOffset + 1] = (byte)(flags >> 8);
                    weakened.Add(need.Name);
                }
            }

            return weakened;
        }

        /// <summary>
        /// Weakens the needs in a file. Writes only when something changes, through a temporary file renamed
        /// over the original (a new inode), and keeps the original's timestamp so incremental copies stay skipped.
        /// Files that are not ELF64 are left alone.
        /// </summary>
        public static IReadOnlyList<string> WeakenFile(string path, ISet<string> names)
        {
            byte[] image = File.ReadAllBytes(path);
            if (!IsElf64LittleEndian(image))
            {
                return Array.Empty<string>();
            }

            IReadOnlyList<string> weakened = Weaken(image, names);
            if (weakened.Count == 0)
            {
                return weakened;
            }

            DateTime stamp = File.GetLastWriteTimeUtc(path);
            string temp = path + ".sslDsl-" + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.WriteAllBytes(temp, image);
                File.SetLastWriteTimeUtc(temp, stamp);
                File.Delete(path);
                File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }

            return weakened;
        }

        private static void ReadNeeds(byte[] image, int start, int size, uint count, int strings, List<ElfVersionNeed> needs)
        {
            int entry = start;
            for (uint n = 0; n < count; n++)
            {
                RequireInside(entry, 16, start, size, "Elf64_Verneed");
                ushort auxCount = U16(image, entry + 2);
                string file = CString(image, strings + (int)U32(image, entry + 4));
                int aux = entry + (int)U32(image, entry + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    RequireInside(aux, 16, start, size, "Elf64_Vernaux");
                    string name = CString(image, strings + (int)U32(image, aux + 8));
                    needs.Add(new ElfVersionNeed(file, name, U16(image, aux + 4), aux + 4));
                    uint nextAux = U32(image, aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += (int)nextAux;
                }

                uint next = U32(image, entry + 12);
                if (next == 0)
                {
                    break;
                }

                entry += (int)next;
            }
        }

        private static void Require(byte[] image, ulong offset, ulong length, string what)
        {
            if (offset > (ulong)image.Length || length > (ulong)image.Length - offset)
            {
                throw new InvalidDataException($"{what} lies outside the file (offset {offset}, length {length}, file size {image.Length}); the file is truncated or corrupt");
            }
        }

        private static void RequireInside(int offset, int length, int start, int size, string what)
        {
            if (offset < start || offset + length > start + size)
            {
                throw new InvalidDataException($"{what} at offset {offset} lies outside .gnu.version_r");
            }
        }

        private static string CString(byte[] image, int offset)
        {
            if (offset < 0 || offset >= image.Length)
            {
                throw new InvalidDataException($"string offset {offset} lies outside the file");
            }

            int end = Array.IndexOf(image, (byte)0, offset);
            if (end < 0)
            {
                throw new InvalidDataException($"unterminated string at offset {offset}");
            }

            return Encoding.ASCII.GetString(image, offset, end - offset);
        }

        private static ushort U16(byte[] b, int o)
        {
            Require(b, (ulong)o, 2, "field");
            return (ushort)(b[o] | (b[o + 1] << 8));
        }

        private static uint U32(byte[] b, int o)
        {
            Require(b, (ulong)o, 4, "field");
            return (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));
        }

        private static ulong U64(byte[] b, int o) => U32(b, o) | ((ulong)U32(b, o + 4) << 32);
    }
}
