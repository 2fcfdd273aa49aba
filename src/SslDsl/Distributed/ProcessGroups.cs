using System;

namespace SslDsl.Distributed
{
    /// <summary>Which process group a program gets: MPI's world under an MPI launcher, else a single process.</summary>
    public static class ProcessGroups
    {
        /// <summary>
        /// Whether this process was started by an MPI launcher: Open MPI's <c>mpirun</c> sets
        /// <c>OMPI_COMM_WORLD_SIZE</c>; PMIx-based launchers (e.g. Slurm's <c>srun --mpi=pmix</c>) set <c>PMIX_RANK</c>.
        /// </summary>
        public static bool UnderLauncher =>
            Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null || Environment.GetEnvironmentVariable("PMIX_RANK") is not null;

        /// <summary>
        /// MPI's world group when started by an MPI launcher (one per process: later calls return the same group),
        /// otherwise <see cref="SingleProcessGroup.Instance"/>: the same program runs alone or under <c>mpirun -np N</c>. With <paramref name="requireDistributed"/>, running
        /// without a launcher is an error that says how to launch.
        /// </summary>
        public static IProcessGroup FromLauncher(TimeSpan? timeout = null, bool requireDistributed = false)
        {
            if (UnderLauncher)
            {
                return MpiProcessGroup.Initialize(timeout);
            }

            if (requireDistributed)
            {
                throw new InvalidOperationException("data parallel was required, but this process was not started by an MPI launcher: run it as `mpirun -np N dotnet <program>.dll` (Open MPI; see docs/distributed.md)");
            }

            return SingleProcessGroup.Instance;
        }
    }
}
