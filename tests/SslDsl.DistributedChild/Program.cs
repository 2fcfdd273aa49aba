using System.Text.Json;
using SslDsl.Distributed;
using SslDsl.DistributedChild;
using TorchSharp;

// Usage: SslDsl.DistributedChild <scenario> <output-folder> [timeout-seconds]
// Scenarios: train (a generated trainer on the ranks against one process), resume (checkpoints every step; with
// SSLDSL_KILL_RANK1_AT_STEP=K rank 1 is killed once step K's checkpoint exists), collectives (all-reduce, broadcast, all-gather and the differentiable all-gather against one process),
// hang (rank 1 stops calling collectives; rank 0 must time out), die (rank 1 exits mid-job).
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: SslDsl.DistributedChild <train|resume|collectives|hang|die> <output-folder> [timeout-seconds]");
    return 2;
}

torch.set_num_threads(1); // two ranks share the test machine's cores
using IProcessGroup group = ProcessGroups.FromLauncher(requireDistributed: true);
Directory.CreateDirectory(args[1]);
group.Barrier(); // every rank has started (at the default timeout: a loaded machine starts processes slowly)
if (args.Length == 3)
{
    ((MpiProcessGroup)group).Timeout = TimeSpan.FromSeconds(double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
}

Dictionary<string, object?> measured = args[0] switch
{
    "collectives" => Scenarios.Collectives(group),
    "hang" => Scenarios.Hang(group),
    "die" => Scenarios.Die(group),
    "train" => Scenarios.Train(group, args[1]),
    "resume" => Scenarios.Resume(group, Path.Combine(args[1], "checkpoints"), int.Parse(Environment.GetEnvironmentVariable("SSLDSL_KILL_RANK1_AT_STEP") ?? "0", System.Globalization.CultureInfo.InvariantCulture)),
    _ => throw new ArgumentException($"unknown scenario '{args[0]}'"),
};
measured["rank"] = group.Rank;
measured["size"] = group.Size;
measured["backend"] = group.Backend;
File.WriteAllText(Path.Combine(args[1], $"rank-{group.Rank}.json"), JsonSerializer.Serialize(measured));
return 0;
