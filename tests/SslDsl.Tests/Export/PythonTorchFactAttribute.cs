using System;
using System.IO;

namespace SslDsl.Tests.Export;

/// <summary>
/// A fact that needs python3 with PyTorch (Debian: apt-get install python3-torch, ~190 MB, about 2 minutes — too much
/// for every CI run). It runs only when SSLDSL_PYTHON_TORCH_CHECK=1 and then fails, not skips, when python3 cannot
/// import torch; otherwise it is reported as skipped with how to enable it. SSLDSL_PYTHON picks the interpreter
/// (default /usr/bin/python3, Debian's, where python3-torch installs, else python3 on the PATH).
/// </summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public const string Switch = "SSLDSL_PYTHON_TORCH_CHECK";

    public PythonTorchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Switch) != "1")
        {
            Skip = $"needs python3 with torch: set {Switch}=1 (apt-get install python3-torch; SSLDSL_PYTHON to choose the interpreter)";
        }
    }

    public static string Interpreter =>
        Environment.GetEnvironmentVariable("SSLDSL_PYTHON") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";
}
