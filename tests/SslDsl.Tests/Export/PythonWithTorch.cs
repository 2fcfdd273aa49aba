using System;
using System.IO;

namespace SslDsl.Tests.Export;

/// <summary>
/// The python3 that has PyTorch (Debian's python3-torch, installed for the tests by tests/ensure-test-packages.sh,
/// which tests/run.sh calls). SSLDSL_PYTHON picks another interpreter; without it, Debian's /usr/bin/python3 (a pyenv
/// shim first on the PATH may lack torch), else python3 on the PATH.
/// </summary>
internal static class PythonWithTorch
{
    public static string Interpreter =>
        Environment.GetEnvironmentVariable("SSLDSL_PYTHON") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";
}
