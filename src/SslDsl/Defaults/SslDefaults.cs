// Hyperparameter defaults, compiled into both the runtime (attribute initializers) and the generator and
// analyzers (validation of values a user left out). One source of truth: change a default here only.
namespace SslDsl
{
    internal static partial class SslDefaults
    {
        // Encoders
        public const int ResNetDepth = 18;
        public const double ResNetWidthMultiplier = 1.0;
        public static readonly int[] ConvNetWidths = { 32, 64, 128, 256 };

        // Heads (SimCLR v1 projector: 2048 hidden, 128 out, 2 layers)
        public const int ProjectorHidden = 2048;
        public const int ProjectorOutput = 128;
        public const int ProjectorLayers = 2;

        // Augmentations (SimCLR / torchvision defaults)
        public const double CropMinScale = 0.08;
        public const double CropMaxScale = 1.0;
        public const double CropMinRatio = 3.0 / 4.0;
        public const double CropMaxRatio = 4.0 / 3.0;
        public const double FlipProbability = 0.5;
        public const double JitterBrightness = 0.4;
        public const double JitterContrast = 0.4;
        public const double JitterSaturation = 0.4;
        public const double JitterHue = 0.1;
        public const double JitterProbability = 0.8;
        public const double GrayscaleProbability = 0.2;
        public const int BlurKernelSize = 0; // 0 = SimCLR's ~10% of the shorter side, made odd
        public const double BlurMinSigma = 0.1;
        public const double BlurMaxSigma = 2.0;
        public const double BlurProbability = 0.5;
        public const double SolarizeThreshold = 0.5;
        public const double SolarizeProbability = 0.2;
        public static readonly double[] NormalizeMean = { 0.5 };
        public static readonly double[] NormalizeStd = { 0.5 };

        // Medical augmentations (TorchIO / nnU-Net style, for images scaled to [0, 1])
        public const double GammaMin = 0.7;
        public const double GammaMax = 1.5;
        public const double WindowMinLevel = 0.4;
        public const double WindowMaxLevel = 0.6;
        public const double WindowMinWidth = 0.6;
        public const double WindowMaxWidth = 1.0;
        public const int BiasFieldOrder = 3;
        public const double BiasFieldStrength = 0.3;
        public const double NoiseMinStd = 0.0;
        public const double NoiseMaxStd = 0.05;
        public const int MotionBlurKernelSize = 7;

        // Heads: BYOL's predictor (hidden 4096); output 0 = the projector's output size
        public const int PredictorHidden = 4096;
        public const int PredictorOutput = 0;

        // Objectives (DESIGN.md §3: defaults of the papers)
        public const double SimClrTemperature = 0.5;
        public const int MoCoVersion = 2;
        public const int MoCoQueueSize = 65536;
        public const double MoCoMomentum = 0.999;
        public const double MoCoTemperature = 0.2;
        public const int DinoOutDim = 65536;             // Caron et al. 2021; smaller for small data
        public const int DinoHidden = 2048;
        public const int DinoBottleneck = 256;
        public const double DinoStudentTemperature = 0.1;
        public const double DinoTeacherTemperature = 0.04;
        public const double DinoCenterMomentum = 0.9;
        public const double DinoMomentumStart = 0.996;
        public const int SwavPrototypes = 3000;          // Caron et al. 2020 (ImageNet); fewer for small data
        public const int SwavHidden = 2048;
        public const int SwavOutput = 128;
        public const double SwavTemperature = 0.1;
        public const double SwavEpsilon = 0.05;
        public const int SwavSinkhornIterations = 3;
        public const int SwavFreezePrototypesSteps = 313; // the official freeze_prototypes_niters
        public const int SwavQueueLength = 0;             // no queue; the official code uses 3840 for batches of 256 (--queue_length)
        public const int SwavQueueStartEpoch = 15;        // the official --epoch_queue_starts
        public const int NnclrSupportSize = 16384;   // the paper's 98,304 is for ImageNet batches of 4096; lightly's examples use 4096
        public const double NnclrTemperature = 0.1;  // Dwibedi et al. 2021
        public const double ByolMomentumStart = 0.996;
        public const double ByolMomentumEnd = 1.0;
        public const double BarlowTwinsLambda = 0.0051;
        public const double VicregInvariance = 25.0;
        public const double VicregVariance = 25.0;
        public const double VicregCovariance = 1.0;

        // Optimizers
        public const double SgdLearningRate = 0.05;
        public const double SgdMomentum = 0.9;
        public const double SgdWeightDecay = 5e-4;
        public const double LarsLearningRate = 0.3;
        public const double LarsMomentum = 0.9;
        public const double LarsWeightDecay = 1e-6;
        public const double LarsTrustCoefficient = 0.001;
        public const double AdamWLearningRate = 1e-3;
        public const double AdamWWeightDecay = 0.05;
        public const double AdamWBeta1 = 0.9;
        public const double AdamWBeta2 = 0.999;

        // Schedule and training
        public const int WarmupEpochs = 10;
        /// <summary>0: warm-up is measured in epochs (WarmupEpochs).</summary>
        public const int WarmupSteps = 0;
        public const double FinalLearningRate = 0.0;
        public const int BatchSize = 256;
        public const int Epochs = 100;
        public const int AccumulationSteps = 1;
        public const int Seed = 0;
        public const int LogEverySteps = 20;

        // Data parallel ([DataParallel])
        public const double DataParallelTimeoutSeconds = 30; // a collective waiting longer declares a peer lost

        // Periodic checkpoints ([Checkpoint])
        public const int CheckpointEveryEpochs = 1; // 0 = not by epoch
        public const int CheckpointEverySteps = 0; // 0 = not by optimizer step
        public const string CheckpointDirectory = "checkpoints";
        public const int CheckpointKeep = 3; // the newest kept, older ones deleted

        // Evaluation
        public const int LinearProbeIterations = 100; // L-BFGS iterations
        public const double LinearProbeWeightDecay = 1e-4;
        public const bool LinearProbeWeightDecaySweep = false; // the fixed-penalty protocol of the published results
        public const double LinearProbeValidationFraction = 0.1; // held out of the training labels for the sweep
        public const int KnnK = 200;
        public const double KnnTemperature = 0.1;
        public const int KnnEveryEpochs = 5;

        // Inference passes (Embed, RecalibrateBatchNorm, fine-tune evaluation). Small on purpose: on 2 CPU cores a
        // forward of 60,000 Fashion-MNIST images took 60 s in batches of 512 and 12-16 s in batches of 128 (the first
        // layers' activations of a large batch no longer fit in cache); on a GPU pass a larger batchSize.
        public const int EvaluationBatchSize = 128;

        // Monitoring during Fit ([HealthMonitor], [OnlineProbe])
        public const int HealthSamples = 512; // RankMe needs at least as many rows as embedding dimensions to see them all
        public const double OnlineProbeLearningRate = 1e-3; // Adam on detached features, as solo-learn's online classifier
    }
}
