using System;
using System.IO;
using System.Linq;
using SslDsl.IO;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SslDsl.Export
{
    /// <summary>
    /// Exports a trained encoder's weights for PyTorch: a safetensors file of its state dict (parameters and buffers,
    /// batch-norm statistics included) under the names PyTorch's <c>state_dict()</c> would use for a module built the
    /// same way — dotted paths of the field / child names, e.g. <c>stages.conv0.weight</c>, <c>stages.bn0.running_mean</c>.
    /// Load it in Python with <c>safetensors.torch.load_file(path)</c> and <c>model.load_state_dict(...)</c>.
    /// </summary>
    public static class EncoderExport
    {
        /// <summary>
        /// Writes <paramref name="encoder"/>'s state dict to <paramref name="path"/> as safetensors (TorchSharp.PyBridge),
        /// atomically: a failure leaves no half-written file. Tensors on a GPU are copied to the host as they are written.
        /// </summary>
        /// <exception cref="ArgumentException">The encoder has no parameters or buffers, or a state-dict entry is not a
        /// dtype safetensors stores (float64/32/16, bfloat16, int64/32/16/8, uint8, bool).</exception>
        /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
        public static void SaveSafetensors(nn.Module encoder, string path)
        {
            ArgumentNullException.ThrowIfNull(encoder);
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            var state = encoder.state_dict();
            if (state.Count == 0)
            {
                throw new ArgumentException("the encoder has no parameters or buffers to export", nameof(encoder));
            }

            var unsupported = state.FirstOrDefault(entry => !IsStorable(entry.Value.dtype));
            if (unsupported.Value is not null)
            {
                throw new ArgumentException($"state-dict entry '{unsupported.Key}' is {unsupported.Value.dtype}, which safetensors cannot store", nameof(encoder));
            }

            string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"the folder of '{path}' ({folder}) does not exist");
            }

            // Checked first so that PyBridge's own failure (NotImplementedException on a dtype) cannot occur mid-file.
            AtomicFile.Write(path, stream => encoder.save_safetensors(stream, leaveOpen: true));
        }

        private static bool IsStorable(ScalarType type) => type is ScalarType.Float64 or ScalarType.Float32 or ScalarType.Float16
            or ScalarType.BFloat16 or ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8
            or ScalarType.Byte or ScalarType.Bool;
    }
}
