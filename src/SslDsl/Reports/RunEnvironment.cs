using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SslDsl.Reports
{
    /// <summary>What a run ran on and with: library versions, runtime, operating system, CPU and cores, device.</summary>
    public sealed record RunEnvironment(string SslDslVersion, string TorchSharpVersion, string Runtime, string OperatingSystem, string Cpu, int LogicalCores, string Device)
    {
        /// <summary>The environment of this process, for a trainer on <paramref name="device"/>.</summary>
        public static RunEnvironment Current(string device) => new(
            VersionOf(typeof(RunEnvironment).Assembly),
            VersionOf(typeof(TorchSharp.torch).Assembly),
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            CpuModel(),
            Environment.ProcessorCount,
            device);

        private static string VersionOf(Assembly assembly) =>
            assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";

        /// <summary>The CPU's model name from /proc/cpuinfo on Linux; the architecture elsewhere.</summary>
        private static string CpuModel()
        {
            try
            {
                if (File.Exists("/proc/cpuinfo"))
                {
                    string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                    if (line is not null && line.IndexOf(':') is int colon and >= 0)
                    {
                        return line[(colon + 1)..].Trim();
                    }
                }
            }
            catch (IOException)
            {
                // An unreadable /proc is not worth failing a report for.
            }

            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
