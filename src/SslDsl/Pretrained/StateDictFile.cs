using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SslDsl.Pretrained
{
    /// <summary>
    /// Reads a state dict from a PyTorch file (<c>torch.save</c>'s zip format: <c>.pt</c>, <c>.pth</c>, <c>.bin</c>) or a
    /// safetensors file, told apart by their first bytes, not by the extension (TorchSharp.PyBridge parses both). The
    /// tensors are on the CPU, in the caller's dispose scope.
    /// </summary>
    internal static class StateDictFile
    {
        /// <summary>Entries under which training checkpoints keep the model's state dict, tried in this order.</summary>
        private static readonly string[] Containers = { "state_dict", "model", "teacher", "module" };

        /// <summary>The file's tensors by name, and the entry that held them in a PyTorch checkpoint (null: the top level).</summary>
        /// <exception cref="FileNotFoundException">No such file.</exception>
        /// <exception cref="InvalidDataException">Neither format, PyTorch's legacy format, or no state dict inside.</exception>
        public static (Dictionary<string, Tensor> Entries, string? Container) Read(string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"no weight file at '{path}'", path);
            }

            byte[] head = new byte[8];
            using (FileStream probe = File.OpenRead(path))
            {
                if (probe.Read(head, 0, head.Length) < head.Length)
                {
                    throw new InvalidDataException($"'{path}' is too short to be a PyTorch or safetensors file");
                }
            }

            if (head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04)
            {
                return ReadPyTorch(path);
            }

            if (head[0] == 0x80)
            {
                throw new InvalidDataException($"'{path}' is in PyTorch's legacy (pre-1.6, non-zip) format, which TorchSharp.PyBridge cannot read: in Python, torch.save(torch.load(path), new_path) re-saves it in the zip format");
            }

            return (ReadSafetensors(path), null);
        }

        private static Dictionary<string, Tensor> ReadSafetensors(string path)
        {
            try
            {
                using FileStream stream = File.OpenRead(path);
                return Safetensors.LoadStateDict(stream);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidDataException($"'{path}' is neither a PyTorch zip file nor a readable safetensors file: {ex.Message}", ex);
            }
        }

        private static (Dictionary<string, Tensor> Entries, string? Container) ReadPyTorch(string path)
        {
            Hashtable top;
            try
            {
                using FileStream stream = File.OpenRead(path);
                top = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidDataException($"'{path}' could not be read as a PyTorch state dict (save one with torch.save(model.state_dict(), path)): {ex.Message}", ex);
            }

            Dictionary<string, Tensor> tensors = TensorsOf(top);
            if (tensors.Count > 0)
            {
                return (tensors, null);
            }

            // A training checkpoint: {"state_dict": ..., "optimizer": ..., "epoch": ...} (MoCo), {"model": ...} (MAE), …
            foreach (string container in Containers)
            {
                if (top[container] is Hashtable inner && TensorsOf(inner) is { Count: > 0 } nested)
                {
                    return (nested, container);
                }
            }

            string keys = string.Join(", ", top.Keys.Cast<object>().Select(k => $"'{k}'").Take(10));
            throw new InvalidDataException($"'{path}' holds no tensors at its top level nor under {string.Join(", ", Containers.Select(c => $"'{c}'"))}; its entries are {keys}");
        }

        private static Dictionary<string, Tensor> TensorsOf(Hashtable table)
        {
            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in table)
            {
                if (entry.Key is string name && entry.Value is Tensor value)
                {
                    tensors[name] = value;
                }
            }

            return tensors;
        }
    }
}
