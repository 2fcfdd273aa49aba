using SslDsl.ResumeChild;
using SslDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

// Usage: SslDsl.ResumeChild <experiment> <checkpoint-folder> <final-checkpoint>
// Pretrains 4 epochs with a checkpoint after every optimizer step, continuing from the newest valid checkpoint in the
// folder; when the run is complete, saves the final state to <final-checkpoint> and exits 0.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: SslDsl.ResumeChild <experiment> <checkpoint-folder> <final-checkpoint>");
    return 2;
}

torch.set_num_threads(1); // one thread: the same summation order in every process
using SslTrainer trainer = args[0] switch
{
    "simclr" => ResumeSimClr.CreateTrainer(seed: 3),
    "moco" => ResumeMoCo.CreateTrainer(seed: 3),
    "byol" => ResumeByol.CreateTrainer(seed: 3),
    "accumulated" => ResumeAccumulated.CreateTrainer(seed: 3),
    "swav" => ResumeSwav.CreateTrainer(seed: 3),
    _ => throw new ArgumentException($"unknown experiment '{args[0]}'"),
};
trainer.Checkpoints = new CheckpointPolicy(EveryEpochs: 1, EverySteps: 1, Directory: args[1], Keep: 2);
using Tensor images = Data();
PretrainReport report = trainer.Fit(images, epochs: 4, resume: true);
foreach (string note in report.Notes ?? Array.Empty<string>())
{
    Console.WriteLine(note);
}

trainer.Save(args[2]);
return 0;

// 384 images of 8x8: smooth patterns plus noise, the same in every process.
static Tensor Data()
{
    using var scope = NewDisposeScope();
    var generator = new Generator(7);
    Tensor grid = linspace(0, 1, 8);
    Tensor patterns = stack(new[] { grid.unsqueeze(1).expand(8, 8), grid.unsqueeze(0).expand(8, 8) });
    Tensor labels = randint(0, 2, 384, generator: generator);
    return patterns.index_select(0, labels).unsqueeze(1).add(rand(384, 1, 8, 8, generator: generator).mul_(0.3)).clamp_(0, 1).contiguous().MoveToOuterDisposeScope();
}
