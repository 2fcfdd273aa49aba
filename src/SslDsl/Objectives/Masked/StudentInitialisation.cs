using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using SslDsl.Pretrained;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// DistilBERT's initialisation of a shallower student from its teacher (Sanh et al. 2019, §3: "taking one layer out of
    /// two"): every weight outside the blocks (embeddings, positions, final norm) and the MLM head copied as they are,
    /// student block i from teacher block ⌊i · depth_t / depth_s⌋ — blocks 0, 2, 4, … for half the depth.
    /// </summary>
    public static class StudentInitialisation
    {
        private static readonly Regex Block = new(@"^blocks\.(\d+)\.(.+)$", RegexOptions.CultureInvariant);

        /// <summary>
        /// The teacher entry each student entry is copied from (names as <see cref="StagedWeights.EntriesOf"/> gives them).
        /// </summary>
        public static IReadOnlyDictionary<string, string> SourceNames(IEnumerable<string> studentNames, IEnumerable<string> teacherNames)
        {
            string[] student = studentNames.ToArray();
            int studentDepth = Depth(student);
            int teacherDepth = Depth(teacherNames);
            if (studentDepth > teacherDepth)
            {
                throw new ArgumentException($"the student has {studentDepth} blocks and the teacher {teacherDepth}: a student initialised from its teacher cannot be deeper");
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string name in student)
            {
                Match m = Block.Match(name);
                if (!m.Success)
                {
                    map[name] = name;
                    continue;
                }

                int i = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                map[name] = $"blocks.{(long)i * teacherDepth / studentDepth}.{m.Groups[2].Value}";
            }

            return map;
        }

        /// <summary>
        /// Copies the teacher into the student (in place: the optimizer keeps its parameters). Every entry is checked first:
        /// a missing name or another shape leaves the student as it was and names the entry.
        /// </summary>
        public static void CopyFromTeacher(nn.Module studentEncoder, nn.Module teacherEncoder, nn.Module studentHead, nn.Module teacherHead, string teacherName, string studentName)
        {
            Dictionary<string, Tensor> studentEntries = StagedWeights.EntriesOf(studentEncoder);
            Dictionary<string, Tensor> teacherEntries = StagedWeights.EntriesOf(teacherEncoder);
            var copies = new List<(Tensor To, Tensor From, string Name)>();
            foreach ((string name, string source) in SourceNames(studentEntries.Keys, teacherEntries.Keys))
            {
                copies.Add((studentEntries[name], Find(teacherEntries, source, "encoder", teacherName, studentName), "encoder." + name));
            }

            Dictionary<string, Tensor> teacherHeadEntries = StagedWeights.EntriesOf(teacherHead);
            foreach ((string name, Tensor to) in StagedWeights.EntriesOf(studentHead))
            {
                copies.Add((to, Find(teacherHeadEntries, name, "head", teacherName, studentName), "head." + name));
            }

            foreach ((Tensor to, Tensor from, string name) in copies)
            {
                if (!to.shape.SequenceEqual(from.shape))
                {
                    throw new ArgumentException(
                        $"cannot initialise {studentName} from its teacher {teacherName}: '{name}' is [{string.Join(", ", to.shape)}] in the student and [{string.Join(", ", from.shape)}] in the teacher (widths, heads and length must match; or InitializeFromTeacher = false)");
                }
            }

            using var noGrad = no_grad();
            foreach ((Tensor to, Tensor from, _) in copies)
            {
                to.copy_(from);
            }
        }

        private static Tensor Find(Dictionary<string, Tensor> entries, string name, string part, string teacherName, string studentName) =>
            entries.TryGetValue(name, out Tensor? found)
                ? found
                : throw new ArgumentException($"cannot initialise {studentName} from its teacher {teacherName}: the teacher's {part} has no '{name}' (the networks differ; or InitializeFromTeacher = false)");

        private static int Depth(IEnumerable<string> names)
        {
            int depth = names.Select(n => Block.Match(n)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
            return depth == 0 ? throw new ArgumentException("initialisation from a teacher needs transformer blocks ('blocks.N.…' weights) in both encoders") : depth;
        }
    }
}
