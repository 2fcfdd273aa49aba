using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace SslDsl.Pretrained
{
    /// <summary>
    /// Prefixes that training code puts in front of a model's names: <c>module.</c> (DistributedDataParallel,
    /// DataParallel), <c>_orig_mod.</c> (<c>torch.compile</c>), <c>backbone.</c> and <c>encoder.</c> (SSL frameworks that
    /// wrap the encoder with heads), <c>model.</c>.
    /// </summary>
    internal static class KeyPrefix
    {
        public static readonly string[] Known = { "module.", "_orig_mod.", "backbone.", "encoder.", "model." };

        /// <summary>
        /// Strips known prefixes that every entry shares, one after another (<c>module.backbone.</c>), but only while no
        /// entry is <paramref name="recognised"/> as it is: an encoder whose own names start with <c>encoder.</c> keeps
        /// them. Returns the entries and what was stripped ("" for nothing).
        /// </summary>
        public static (Dictionary<string, Tensor> Entries, string Stripped) StripCommon(Dictionary<string, Tensor> entries, Func<string, bool> recognised)
        {
            string stripped = "";
            while (entries.Count > 0 && !entries.Keys.Any(recognised)
                && Known.FirstOrDefault(p => entries.Keys.All(k => k.StartsWith(p, StringComparison.Ordinal) && k.Length > p.Length)) is { } prefix)
            {
                entries = entries.ToDictionary(e => e.Key[prefix.Length..], e => e.Value, StringComparer.Ordinal);
                stripped += prefix;
            }

            return (entries, stripped);
        }

        /// <summary>The entries under <paramref name="prefix"/>, without it, and the names of those outside it.</summary>
        public static (Dictionary<string, Tensor> Entries, List<string> Outside) Select(Dictionary<string, Tensor> entries, string prefix)
        {
            var inside = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var outside = new List<string>();
            foreach ((string key, Tensor value) in entries)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length)
                {
                    inside[key[prefix.Length..]] = value;
                }
                else
                {
                    outside.Add(key);
                }
            }

            return (inside, outside);
        }
    }
}
