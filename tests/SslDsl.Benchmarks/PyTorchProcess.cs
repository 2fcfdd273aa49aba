using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SslDsl.Benchmarks;

/// <summary>
/// The PyTorch side of the comparison: one long-lived <c>python3 pytorch_step.py</c>, driven one JSON line at a time
/// (protocol in the script's docstring). It only computes when asked, so the two sides never run at the same time.
/// </summary>
public sealed class PyTorchProcess : IDisposable
{
    private readonly Process process;

    private PyTorchProcess(Process process) => this.process = process;

    /// <summary>What the script reported: torch version, threads, BLAS in use, whether bf16 autocast works.</summary>
    public JsonObject Info { get; private set; } = new();

    /// <summary>
    /// SSLDSL_PYTHON, else Debian's /usr/bin/python3 (a pyenv shim first on the PATH may lack torch), else python3
    /// (the same choice as the export tests).
    /// </summary>
    public static string Interpreter =>
        Environment.GetEnvironmentVariable("SSLDSL_PYTHON") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";

    /// <summary>The script, copied next to the program by the build.</summary>
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "pytorch_step.py");

    /// <summary>Debian's OpenMP OpenBLAS (package libopenblas0-openmp), if installed.</summary>
    public static string? OpenBlasFolder =>
        new[] { "/usr/lib/x86_64-linux-gnu/openblas-openmp", "/usr/lib/aarch64-linux-gnu/openblas-openmp" }
            .FirstOrDefault(folder => File.Exists(Path.Combine(folder, "libblas.so.3")));

    /// <summary>Starts the script and sets its thread count; null and a reason when python3 or torch is missing.</summary>
    public static PyTorchProcess? TryStart(int threads, out string reason)
    {
        var start = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false, // PyTorch's warnings go straight to the console
            UseShellExecute = false,
        };
        // Debian's python3-torch calls the system libblas.so.3; where the OpenMP OpenBLAS is installed, this process
        // loads it whatever the libblas.so.3 alternative points to (the reference BLAS would dominate the linear layers).
        if (OpenBlasFolder is { } openBlas)
        {
            string? path = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            start.Environment["LD_LIBRARY_PATH"] = string.IsNullOrEmpty(path) ? openBlas : openBlas + ":" + path;
        }

        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(ScriptPath);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            reason = $"{Interpreter} cannot be started ({e.Message}); install python3 and python3-torch (bash tests/ensure-test-packages.sh) or set SSLDSL_PYTHON";
            return null;
        }

        if (process is null)
        {
            reason = $"{Interpreter} did not start";
            return null;
        }

        var side = new PyTorchProcess(process);
        JsonObject? info = side.TryAsk(new JsonObject { ["cmd"] = "hello", ["threads"] = threads }, out reason);
        if (info is null)
        {
            side.Dispose();
            reason = $"PyTorch is not usable from {Interpreter}: {reason} (bash tests/ensure-test-packages.sh installs python3-torch, or set SSLDSL_PYTHON)";
            return null;
        }

        side.Info = info;
        reason = "";
        return side;
    }

    /// <summary>Builds one experiment under <paramref name="id"/> and runs its warm-up step; the reply has warmup_s and loss.</summary>
    public JsonObject Setup(string id, JsonObject experiment) =>
        Ask(new JsonObject { ["cmd"] = "setup", ["id"] = id, ["case"] = experiment });

    /// <summary>Runs <paramref name="steps"/> timed steps of experiment <paramref name="id"/>: wall and process CPU seconds of each.</summary>
    public (double[] Wall, double[] Cpu) Run(string id, int steps)
    {
        JsonObject reply = Ask(new JsonObject { ["cmd"] = "run", ["id"] = id, ["steps"] = steps });
        return (Numbers(reply["wall_s"]), Numbers(reply["cpu_s"]));
    }

    private JsonObject Ask(JsonObject request) =>
        TryAsk(request, out string reason) ?? throw new InvalidOperationException($"pytorch_step.py, {request["cmd"]}: {reason}");

    private JsonObject? TryAsk(JsonObject request, out string reason)
    {
        try
        {
            process.StandardInput.WriteLine(request.ToJsonString());
            process.StandardInput.Flush();
            string? line = process.StandardOutput.ReadLine();
            if (line is null)
            {
                reason = "the script exited" + (process.WaitForExit(2000) ? $" with code {process.ExitCode}" : "");
                return null;
            }

            return ParseReply(line, out reason);
        }
        catch (IOException e)
        {
            reason = "the script's pipe broke: " + e.Message;
            return null;
        }
    }

    /// <summary>One reply line: a JSON object with <c>"ok": true</c>, else null and its error.</summary>
    public static JsonObject? ParseReply(string line, out string reason)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            reason = "not a JSON reply: " + (line.Length > 200 ? line[..200] + "…" : line);
            return null;
        }

        if (node is not JsonObject reply)
        {
            reason = "not a JSON object: " + line;
            return null;
        }

        if (reply["ok"]?.GetValue<bool>() != true)
        {
            reason = reply["error"]?.GetValue<string>() ?? "failed without an error message";
            return null;
        }

        reason = "";
        return reply;
    }

    private static double[] Numbers(JsonNode? array) =>
        array is JsonArray values ? values.Select(v => v!.GetValue<double>()).ToArray() : throw new InvalidOperationException("reply without timings");

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.WriteLine("{\"cmd\": \"quit\"}");
                process.StandardInput.Close();
                if (!process.WaitForExit(10_000)) process.Kill();
            }
        }
        catch (IOException)
        {
            // already gone
        }
        catch (InvalidOperationException)
        {
            // never started
        }

        process.Dispose();
    }
}
