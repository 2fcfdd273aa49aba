using System;
using System.Linq;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Argument checks shared by the linear probe, the kNN classifier and the fine-tuner. They run before any work, on
    /// the host, so that a bad label or a NaN feature is an <see cref="ArgumentException"/> naming the parameter instead
    /// of a libtorch error (or, inside an optimizer callback, an aborted process) somewhere in the middle.
    /// </summary>
    internal static class EvaluationInputs
    {
        /// <summary>A classifier needs at least two classes.</summary>
        internal static void CheckClasses(int classes)
        {
            if (classes < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(classes), classes, $"classes is {classes}; a classifier needs at least 2 classes");
            }
        }

        /// <summary>Features are finite <c>[N, D]</c> floating-point values with N, D &gt;= 1; returns N.</summary>
        internal static long CheckFeatures(Tensor features, string name)
        {
            ArgumentNullException.ThrowIfNull(features, name);
            if (features.dim() != 2 || features.shape[0] < 1 || features.shape[1] < 1)
            {
                throw new ArgumentException($"{name} must be [N, D] features with N, D >= 1, got [{Shape(features)}]", name);
            }

            if (!features.is_floating_point())
            {
                throw new ArgumentException($"{name} must be floating point features, got {features.dtype}", name);
            }

            InputTensors.CheckFinite(features, name);
            return features.shape[0];
        }

        /// <summary>Train and test features have the same width D.</summary>
        internal static void CheckSameWidth(Tensor train, string trainName, Tensor test, string testName)
        {
            if (train.shape[1] != test.shape[1])
            {
                throw new ArgumentException(
                    $"{testName} [{Shape(test)}] has {test.shape[1]} features per row but {trainName} [{Shape(train)}] has {train.shape[1]}; both must have the same width",
                    testName);
            }
        }

        /// <summary>
        /// Checks that <paramref name="labels"/> are <c>[rows]</c> integer class indices in [0, classes) (one host read)
        /// and returns them as int64 on the CPU.
        /// </summary>
        internal static Tensor CheckLabels(Tensor labels, long rows, int classes, string name, string rowsName)
        {
            ArgumentNullException.ThrowIfNull(labels, name);
            if (labels.dtype is not (ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64))
            {
                throw new ArgumentException($"{name} must hold integer class indices (int64, int32 or uint8), got {labels.dtype}", name);
            }

            if (labels.dim() != 1)
            {
                throw new ArgumentException($"{name} must be 1-D [N], got [{Shape(labels)}]", name);
            }

            if (labels.shape[0] != rows)
            {
                throw new ArgumentException($"{name} has {labels.shape[0]} labels but {rowsName} has {rows} rows", name);
            }

            Tensor host = labels.to(CPU).to_type(ScalarType.Int64);
            using var scope = NewDisposeScope();
            Tensor outside = host.lt(0).logical_or_(host.ge(classes));
            if (outside.any().item<bool>())
            {
                long index = outside.nonzero()[0, 0].item<long>();
                long value = host[index].item<long>();
                long count = outside.sum().item<long>();
                string more = count > 1 ? $" ({count} labels are outside)" : "";
                throw new ArgumentOutOfRangeException(
                    name,
                    value,
                    $"{name} holds {value} at index {index}; classes is {classes} (labels must be in [0, {classes})){more}");
            }

            return host;
        }

        internal static string Shape(Tensor t) => string.Join(", ", t.shape.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
