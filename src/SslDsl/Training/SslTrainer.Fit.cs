using System;
using System.Threading;
using SslDsl.Evaluation.Health;
using SslDsl.Training.Progress;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    public abstract partial class SslTrainer
    {
        /// <summary>The clock's timestamp when the running Fit call started; null outside Fit.</summary>
        private long? fitStart;

        /// <summary>The clock Fit times its budget, pace and rates with (tests substitute a fake one).</summary>
        internal TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>Wall time since the running Fit call started, monitors included (what progress shows).</summary>
        private TimeSpan FitElapsed => Clock.GetElapsedTime(fitStart!.Value);

        /// <summary>Seconds the running Fit call spent in monitors (kNN, the online probe's held-out top-1, health).</summary>
        private double monitorSeconds;

        /// <summary>
        /// Training seconds of the running Fit call: wall time less the monitors' evaluations, which a time budget, the
        /// pace and the training rates leave out (a run with monitors trains as long as one without).
        /// </summary>
        private double TrainingSeconds => FitElapsed.TotalSeconds - monitorSeconds;
        private ITrainingMonitor watch = TrainingMonitors.None;
        private double windowStartSeconds;
        private double epochStartSeconds;

        /// <summary>Optimizer steps of the run when this Fit call started (the early budget estimate counts from there).</summary>
        private long fitStartSteps;

        /// <summary>Training seconds at the middle of the early pace measurement.</summary>
        private double earlyPaceFromSeconds;

        /// <summary>The epochs this Fit call asks for (the most a time budget may plan).</summary>
        private int fitRequestedEpochs;
        private long epochStartBatch;

        /// <summary>Run steps when the current epoch's batches started (with <see cref="epochStartSeconds"/>, the late re-plan's pace).</summary>
        private long epochStartSteps;

        /// <summary>
        /// Where <c>Fit</c> appends its metrics (JSON lines per window and epoch: step, epoch, loss, lr, images/s, kNN);
        /// null for none. By default, with [Checkpoint], <c>Experiment.metrics.jsonl</c> in the checkpoint folder.
        /// </summary>
        public string? MetricsPath { get; set; }

        /// <summary>
        /// Pretrains on <paramref name="data"/> (on the host; see <see cref="InputShape.Description"/>) until the run
        /// has <paramref name="epochs"/> epochs in total (default [Training] Epochs). A new trainer plans a new run; after
        /// <see cref="Load"/> (or with <paramref name="resume"/>) it continues the loaded run where it stopped — same
        /// schedule, same batch order, mid-epoch if need be — so that the result equals an uninterrupted run. A run that
        /// already has the epochs asked for trains nothing (the report says so); a larger count extends it (the schedule
        /// is re-spanned to the new length).
        /// </summary>
        /// <param name="data">Training inputs on the host; checked once for shape, dtype and finite values.</param>
        /// <param name="epochs">Epochs of the whole run (default [Training] Epochs).</param>
        /// <param name="timeBudget">Train for this much time: the run is re-planned in optimizer steps from the measured pace, so
        /// that the schedule ends annealed where the budget ends (the last epoch may be cut short). The monitors'
        /// evaluations do not count against it (<see cref="PretrainReport.MonitorSeconds"/> says how long they took).</param>
        /// <param name="progress">Receives one report per epoch, and then nothing else is shown; without it a live bar on a
        /// terminal, or a plain line per window when output is redirected or <c>CI</c> is set.</param>
        /// <param name="monitor">Labelled data for the kNN monitor (every [KnnMonitor] EveryEpochs epochs, else every epoch).</param>
        /// <param name="cancellationToken">Stops between optimizer steps; the run can be continued by another Fit.</param>
        /// <param name="resume">Continue from the newest valid checkpoint in the [Checkpoint] folder, if there is one.</param>
        /// <param name="probe">Labels for some training rows and a held-out set: the [OnlineProbe] classifier trains on the
        /// step's detached features and reports held-out top-1 each epoch.</param>
        /// <exception cref="NonFiniteLossException">The loss became NaN or Inf; the trainer is back at its last finite state.</exception>
        public PretrainReport Fit(Tensor data, int? epochs = null, TimeSpan? timeBudget = null, IProgress<EpochReport>? progress = null, KnnMonitorData? monitor = null, CancellationToken cancellationToken = default, bool resume = false, OnlineProbeData? probe = null)
        {
            Settings.Input.Check(data, nameof(data), Settings.Experiment);
            int requested = epochs ?? Settings.Epochs;
            if (requested < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(epochs), requested, "must be >= 1");
            }

            if (microSteps % Settings.AccumulationSteps != 0)
            {
                throw new InvalidOperationException($"{microSteps % Settings.AccumulationSteps} batch(es) of gradients are pending from direct Step calls ([Training] AccumulationSteps = {Settings.AccumulationSteps}); call Step until the optimizer steps before Fit");
            }

            Checkpoints?.Validate();
            notes.Clear();
            if (PrecisionWarning is { } slow)
            {
                notes.Add("warning: " + slow);
            }
            if (Settings.DataParallel is not null && ProcessGroup.Size == 1)
            {
                notes.Add("[DataParallel]: this process was not started by an MPI launcher, so it trains alone; `mpirun -np N dotnet <program>.dll` trains on N ranks");
            }

            InputTensors.CheckFinite(data, nameof(data));
            if (monitor is not null)
            {
                CheckMonitor(monitor);
            }

            if (resume)
            {
                ResumeFromNewestCheckpoint();
            }

            PrepareTeacher(); // after a resume, whose checkpoint names its teacher

            probeData = null;
            if (probe is not null)
            {
                StartOnlineProbe(data, probe); // after a resume, which may have brought the probe's state
            }

            StartDataParallel(); // after a resume: every rank starts from rank 0's state
            TrainingRun r = PlanRun(data.shape[0], requested);
            if ((long)requested * r.StepsPerEpoch <= r.StepsDone)
            {
                return ReportOf(r, $"the run already has {r.CompletedEpochs} epoch(s); ask for more than {r.CompletedEpochs} to train further");
            }

            r.TotalEpochs = requested;
            schedule = r.Schedule(Settings.LearningRate, Settings.WarmupCosine, fittedToBudget: timeBudget is not null);
            if (timeBudget is not null && ShortenedWarmup(r) is { } shortened)
            {
                notes.Add(shortened);
            }
            activeRun = r;
            fitStart = Clock.GetTimestamp();
            monitorSeconds = 0;
            fitStartSteps = r.StepsDone;
            fitRequestedEpochs = requested;
            windowStartSeconds = 0;
            collapseReported = false;
            ChooseHealthRows(data);
            string? stoppedBecause = null;
            using ITrainingMonitor shown = IsLeadRank ? TrainingMonitors.ForFit(progress, MetricsPath ?? DefaultMetricsPath()) : TrainingMonitors.None;
            watch = shown;
            try
            {
                watch.OnStart(Settings.Experiment, r.TotalEpochs, r.TotalSteps, r.StepsDone);
                foreach (string note in notes)
                {
                    watch.OnMessage(note);
                }

                TakeSnapshot();
                using var sampler = new BatchSampler(r.Samples, r.BatchSize, r.Seed, ProcessGroup.Rank, ProcessGroup.Size);
                while (!r.IsComplete && stoppedBecause is null)
                {
                    stoppedBecause = RunEpoch(r, data, sampler, timeBudget, cancellationToken);
                    if (stoppedBecause is not null)
                    {
                        break;
                    }

                    EndEpoch(r, monitor);
                    if (timeBudget is { } budget && !r.IsComplete)
                    {
                        FitScheduleToBudget(r, budget, TrainingSeconds / (r.StepsDone - fitStartSteps));
                    }
                }
            }
            catch (NonFiniteLossException ex)
            {
                stoppedBecause = "the loss became non-finite";
                watch.OnMessage(ex.Message);
                throw;
            }
            finally
            {
                watch.OnEnd(stoppedBecause);
                watch = TrainingMonitors.None;
                r.SecondsBefore = RunSeconds(r);
                r.MonitorSecondsBefore = RunMonitorSeconds(r);
                fitStart = null;
                activeRun = null;
                healthRows?.Dispose();
                healthRows = null;
                probeData = null;
                SetTraining(false);
            }

            PretrainReport result = ReportOf(r, stoppedBecause);
            Report.Pretraining = result;
            WriteReport();
            return result;
        }

        /// <summary>The batches of the current epoch from where the run stands; returns why it stopped early, or null.</summary>
        private string? RunEpoch(TrainingRun r, Tensor data, BatchSampler sampler, TimeSpan? timeBudget, CancellationToken cancellationToken)
        {
            if (r.NextBatch == 0)
            {
                lossSum.zero_();
            }

            sampler.ShuffleForEpoch(r.CompletedEpochs);
            epochStartSeconds = TrainingSeconds;
            epochStartBatch = r.NextBatch;
            epochStartSteps = r.StepsDone;
            SetTraining(true);
            long batches = r.StepsPerEpoch * r.AccumulationSteps;
            for (long b = r.NextBatch; b < batches && !r.IsComplete; b++) // a time budget's plan may end the run inside the epoch
            {
                if (b % r.AccumulationSteps == 0)
                {
                    // Stop only between optimizer steps: the state is then whole (no pending gradients), as checkpoints need.
                    bool cancelled = cancellationToken.IsCancellationRequested;
                    bool overBudget = timeBudget is { } budget && TrainingSeconds >= budget.TotalSeconds;
                    if (AnyRankStops(cancelled || overBudget, canStop: cancellationToken.CanBeCanceled || timeBudget is not null))
                    {
                        return cancelled ? "cancelled" : overBudget ? "time budget reached" : "another rank stopped (cancelled or out of time)";
                    }
                }

                stepLabels = LabelsOf(sampler, b);
                bool stepped;
                try
                {
                    stepped = StepCore(sampler.Batch(data, b, Device), owned: true);
                }
                finally
                {
                    stepLabels?.Dispose(); // GradCache took it (and left null) when it holds the batch
                    stepLabels = null;
                }

                r.WindowBatches++;
                if (!stepped)
                {
                    continue;
                }

                watch.OnStep(r.StepsDone);
                bool epochEnds = r.NextBatch == 0 || r.IsComplete; // its end measures in EndEpoch
                long stepsThisCall = r.StepsDone - fitStartSteps, early = EarlyEstimateSteps(r);
                if (timeBudget is { } budgetEarly && !epochEnds)
                {
                    // A budget that affords few epochs must not spend the first on a schedule planned for all of them (its
                    // warm-up alone may be longer than an epoch): plan from the pace of the first steps, refined at epoch
                    // ends. The pace is timed over the second half of them: the first steps pay one-off start-up costs.
                    if (stepsThisCall == early / 2)
                    {
                        earlyPaceFromSeconds = TrainingSeconds;
                    }
                    else if (stepsThisCall == early)
                    {
                        double secondsPerStep = (TrainingSeconds - earlyPaceFromSeconds) / (early - (early / 2));
                        FitScheduleToBudget(r, budgetEarly, secondsPerStep);
                    }
                }

                if (r.WindowBatches >= Settings.LogEverySteps)
                {
                    CloseWindow(r);
                    if (timeBudget is { } budgetLate)
                    {
                        RefitEndToRecentPace(r, budgetLate);
                    }
                }

                if (Health is { EverySteps: > 0 } health && r.StepsDone % health.EverySteps == 0 && !epochEnds)
                {
                    RecordHealth(r); // the epoch's last step measures at the epoch end instead
                }

                if (Checkpoints is { EverySteps: > 0 } policy && IsLeadRank && r.StepsDone % policy.EverySteps == 0 && !epochEnds)
                {
                    SavePeriodicCheckpoint(r, policy);
                }
            }

            return null;
        }

        /// <summary>Reads the window's loss (the one host read per window), checks it, and records a curve point.</summary>
        private void CloseWindow(TrainingRun r)
        {
            AverageOverRanks(windowLossSum);
            float windowLoss = windowLossSum.item<float>() / r.WindowBatches;
            if (!float.IsFinite(windowLoss))
            {
                throw Diverged(r, windowLoss);
            }

            r.LossCurve.Add(new LossPoint(Optimizer.StepCount, windowLoss));
            watch.OnWindow(Snapshot(r, windowLoss, ImagesPerSecond(r.WindowBatches, ref windowStartSeconds), null));
            windowLossSum.zero_();
            r.WindowBatches = 0;
            TakeSnapshot();
        }

        private void EndEpoch(TrainingRun r, KnnMonitorData? monitor)
        {
            long batches = r.NextBatch == 0 ? r.StepsPerEpoch * r.AccumulationSteps : r.NextBatch; // a step plan may end the run inside the epoch
            AverageOverRanks(lossSum);
            double loss = lossSum.item<float>() / batches; // the one host read of the epoch
            if (!double.IsFinite(loss))
            {
                throw Diverged(r, loss);
            }

            int epoch = r.EpochOfLastStep;
            double imagesPerSecond = ImagesPerSecond(batches - epochStartBatch, ref epochStartSeconds); // before the kNN monitor's time
            double? knn = null;
            if (monitor is not null && (epoch % (Settings.Knn.EveryEpochs ?? 1) == 0 || r.IsComplete))
            {
                knn = Untimed(() => MeasureKnn(monitor));
            }

            double? probeTop1 = Untimed(OnlineProbeTop1);
            EmbeddingHealth? health = RecordHealth(r);
            var report = new EpochReport(epoch, Optimizer.StepCount, loss, LearningRate, RunSeconds(r), knn, imagesPerSecond, health, probeTop1);
            if (r.Epochs.Count > 0 && r.Epochs[^1].Epoch == epoch)
            {
                r.Epochs.RemoveAt(r.Epochs.Count - 1); // the row of this epoch's part that an earlier step plan ended with
            }

            r.Epochs.Add(report);
            watch.OnEpoch(Snapshot(r, loss, imagesPerSecond, knn) with { Epoch = epoch, Health = health, OnlineProbeTop1 = probeTop1 });
            TakeSnapshot();
            if (Checkpoints is { } policy && IsLeadRank && ((policy.EveryEpochs > 0 && epoch % policy.EveryEpochs == 0) || (policy.EverySteps > 0 && r.StepsDone % policy.EverySteps == 0)))
            {
                SavePeriodicCheckpoint(r, policy);
            }
        }

        /// <summary>Steps into a Fit call with a time budget after which the pace is first measured: 5 % of an epoch, at least 10.</summary>
        private static long EarlyEstimateSteps(TrainingRun r) => Math.Max(10, r.StepsPerEpoch / 20);

        /// <summary>
        /// Re-plans the run to the optimizer steps the time left affords at <paramref name="secondsPerStep"/> (at most the
        /// epochs asked for, at least one more step), so that it ends annealed when the budget does. The plan is in steps,
        /// not whole epochs: the last epoch may end early rather than leave up to an epoch of the budget unused.
        /// </summary>
        private void FitScheduleToBudget(TrainingRun r, TimeSpan budget, double secondsPerStep)
        {
            double affordable = r.StepsDone + Math.Floor((budget.TotalSeconds - TrainingSeconds) / secondsPerStep);
            long most = (long)fitRequestedEpochs * r.StepsPerEpoch;
            long planned = AgreeOnSteps((long)Math.Clamp(affordable, r.StepsDone + 1, most)); // rank 0 times the run for all
            if (planned != r.TotalSteps)
            {
                long warmupBefore = schedule.WarmupSteps;
                r.PlanSteps(planned);
                schedule = r.Schedule(Settings.LearningRate, Settings.WarmupCosine, fittedToBudget: true);
                if (schedule.WarmupSteps != warmupBefore && ShortenedWarmup(r) is { } shortened)
                {
                    watch.OnMessage(shortened);
                }
            }
        }

        /// <summary>
        /// In the epoch where a budgeted plan ends, re-plans at each window from this epoch's own pace: the machine may have
        /// slowed (or sped up) since the epoch ends that set the plan, and the budget's hard stop would then cut the run
        /// before its schedule anneals. Earlier epochs keep the whole run's pace, the steadier estimate over many epochs.
        /// </summary>
        private void RefitEndToRecentPace(TrainingRun r, TimeSpan budget)
        {
            long stepsThisEpoch = r.StepsDone - epochStartSteps;
            bool endsThisEpoch = r.TotalSteps <= ((long)r.CompletedEpochs + 1) * r.StepsPerEpoch;
            if (r.IsComplete || !endsThisEpoch || stepsThisEpoch < EarlyEstimateSteps(r))
            {
                return;
            }

            FitScheduleToBudget(r, budget, (TrainingSeconds - epochStartSeconds) / stepsThisEpoch); // epochStartSeconds moves only at the epoch's end
        }

        /// <summary>Says so when a budgeted run is too short for the warm-up [WarmupCosine] asks for (it then takes half the run).</summary>
        private string? ShortenedWarmup(TrainingRun r)
        {
            if (Settings.WarmupCosine is not { } plan || r.RequestedWarmupSteps(plan) <= schedule.WarmupSteps)
            {
                return null;
            }

            return $"warm-up shortened to {schedule.WarmupSteps} steps, half of the {r.TotalSteps} planned ([WarmupCosine] asks for {r.RequestedWarmupSteps(plan)}), so the run still decays";
        }

        /// <summary>The kNN monitor's data are checked when Fit starts, not at the first epoch end.</summary>
        private void CheckMonitor(KnnMonitorData monitor)
        {
            Settings.Input.Check(monitor.TrainImages, "monitor.TrainImages", Settings.Experiment);
            Settings.Input.Check(monitor.TestImages, "monitor.TestImages", Settings.Experiment);
            InputTensors.CheckFinite(monitor.TrainImages, "monitor.TrainImages");
            InputTensors.CheckFinite(monitor.TestImages, "monitor.TestImages");
            Evaluation.EvaluationInputs.CheckClasses(monitor.Classes);
            Evaluation.EvaluationInputs.CheckLabels(monitor.TrainLabels, monitor.TrainImages.shape[0], monitor.Classes, "monitor.TrainLabels", "monitor.TrainImages").Dispose();
            Evaluation.EvaluationInputs.CheckLabels(monitor.TestLabels, monitor.TestImages.shape[0], monitor.Classes, "monitor.TestLabels", "monitor.TestImages").Dispose();
        }

        private TrainingRun PlanRun(long samples, int requested)
        {
            if (run is { } existing)
            {
                if (existing.Samples != samples)
                {
                    throw new ArgumentException($"this trainer's run was planned on {existing.Samples} samples and data has {samples}: continue it with the same data, or create a new trainer for a new run", "data");
                }

                return existing;
            }

            if (samples < Settings.BatchSize)
            {
                throw new ArgumentException($"{Settings.Experiment} needs at least one full batch: data has {samples} samples, [Training] BatchSize is {Settings.BatchSize}", "data");
            }

            var planned = new TrainingRun(samples, Settings.BatchSize, Settings.AccumulationSteps, requested, Seed);
            if (planned.StepsPerEpoch == 0)
            {
                throw new ArgumentException($"an epoch of {samples} samples makes {planned.BatchesPerEpoch} batch(es) of {Settings.BatchSize}, fewer than [Training] AccumulationSteps = {Settings.AccumulationSteps}: no optimizer step would be taken; lower AccumulationSteps or BatchSize, or pass more data", "data");
            }

            run = planned;
            return planned;
        }

        /// <summary>What the monitors show, in run steps: the epoch is the one the last step belonged to (a window that closes on an epoch's last step is that epoch's, not the next).</summary>
        private TrainingSnapshot Snapshot(TrainingRun r, double loss, double imagesPerSecond, double? knn) =>
            new(r.EpochOfLastStep, r.TotalEpochs, r.StepsDone, r.TotalSteps, loss, LearningRate, imagesPerSecond, FitElapsed, knn);

        /// <summary>Runs a monitor's measurement, whose time the budget, the pace and the training rates leave out.</summary>
        private T Untimed<T>(Func<T> measure)
        {
            double before = FitElapsed.TotalSeconds;
            T result = measure();
            monitorSeconds += FitElapsed.TotalSeconds - before;
            return result;
        }

        /// <summary>Samples per second over <paramref name="batches"/> batches since <paramref name="since"/>, which moves to now.</summary>
        private double ImagesPerSecond(long batches, ref double since)
        {
            double now = TrainingSeconds;
            double rate = batches * Settings.BatchSize / Math.Max(now - since, 1e-9);
            since = now;
            return rate;
        }

        private string? DefaultMetricsPath() => Checkpoints is { } policy ? System.IO.Path.Combine(policy.Directory, Settings.Experiment + ".metrics.jsonl") : null;

        private double RunSeconds(TrainingRun r) => r.SecondsBefore + (fitStart is null ? 0 : TrainingSeconds);

        /// <summary>The run's monitor seconds, earlier Fit calls included.</summary>
        private double RunMonitorSeconds(TrainingRun r) => r.MonitorSecondsBefore + (fitStart is null ? 0 : monitorSeconds);

        private PretrainReport ReportOf(TrainingRun r, string? stoppedBecause) =>
            new(r.Epochs.ToArray(), r.LossCurve.ToArray(), Optimizer.StepCount, r.SecondsBefore, stoppedBecause, notes.ToArray(), r.HealthCurve.ToArray(), r.MonitorSecondsBefore);
    }
}
