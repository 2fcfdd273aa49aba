using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using SslDsl.Tests.Export;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SslDsl.Tests.Pretrained;

/// <summary>
/// The released-style checkpoints that tests/fixtures/python/make_pretrained_references.py writes with Debian's
/// python3-torch (torchvision / timm names, reference outputs), made once per test run in a temporary folder. Without a
/// python3 that has torch, every test that needs them fails with a message saying how to install it.
/// </summary>
internal static class PyTorchReferences
{
    private static readonly Lazy<(string? Folder, string? Problem)> Made = new(Make);

    /// <summary>The folder with the files; fails the calling test when they could not be made.</summary>
    public static string Folder
    {
        get
        {
            (string? folder, string? problem) = Made.Value;
            Assert.True(folder is not null, problem);
            return folder!;
        }
    }

    public static string PathOf(string file) => Path.Combine(Folder, file);

    /// <summary>A tensor of a <c>torch.save</c>d dict of tensors (the references), read with TorchSharp.PyBridge; owned by the caller's scope.</summary>
    public static Tensor Reference(string file, string name)
    {
        Hashtable table = PyTorchUnpickler.UnpickleStateDict(PathOf(file));
        return (Tensor)(table[name] ?? throw new InvalidDataException($"{file} has no '{name}'"));
    }

    private static (string? Folder, string? Problem) Make()
    {
        string python = PythonWithTorch.Interpreter;
        var (exitCode, text) = Run(python, "-c \"import torch\"");
        if (exitCode != 0)
        {
            return (null, $"{python} cannot import torch (run tests/ensure-test-packages.sh, or set SSLDSL_PYTHON): {text}");
        }

        string folder = Path.Combine(Path.GetTempPath(), "ssldsl-pretrained-" + Guid.NewGuid().ToString("N"));
        string script = Path.Combine(AppContext.BaseDirectory, "fixtures", "python", "make_pretrained_references.py");
        (exitCode, text) = Run(python, $"\"{script}\" \"{folder}\"");
        if (exitCode != 0 || !text.TrimStart().StartsWith("OK", StringComparison.Ordinal))
        {
            return (null, $"make_pretrained_references.py failed:\n{text}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a temporary folder left behind is harmless
            }
        };
        return (folder, null);
    }

    private static (int ExitCode, string Output) Run(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process started;
        try
        {
            started = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"cannot start {file}: {ex.Message}");
        }

        using Process process = started;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 300 s\n" + stdout);
        }

        return (process.ExitCode, stdout + stderr.Result);
    }
}
