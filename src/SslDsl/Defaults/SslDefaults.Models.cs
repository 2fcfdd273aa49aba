// Defaults of the sequence/token inputs, the non-CNN encoders, multi-crop and the reconstruction-style objectives.
namespace SslDsl
{
    internal static partial class SslDefaults
    {
        // ViT-Tiny (Touvron et al. 2021): patch 16, width 192, 12 blocks, 3 heads, MLP ratio 4
        public const int VitPatchSize = 16;
        public const int VitDim = 192;
        public const int VitDepth = 12;
        public const int VitHeads = 3;
        public const double VitMlpRatio = 4.0;

        public static readonly int[] MlpHidden = { 512, 256 };
        public static readonly int[] TcnWidths = { 64, 64, 64, 64 };
        public const int TcnKernelSize = 3;

        // A small BERT (BERT-mini: 256 wide, 4 blocks, 4 heads)
        public const int TransformerDim = 256;
        public const int TransformerDepth = 4;
        public const int TransformerHeads = 4;

        // Full attention: Longformer's sliding window (Beltagy et al. 2020) and its global tokens are opt-in
        public const int TransformerAttentionWindow = 0;
        public const int TransformerGlobalTokens = 0;

        // Multi-crop (SwAV: 2 x 224 at scale [0.14, 1], 6 x 96 at [0.05, 0.14])
        public const int MultiCropGlobalCount = 2;
        public const int MultiCropLocalCount = 6;
        public const double MultiCropGlobalMinScale = 0.14;
        public const double MultiCropLocalMinScale = 0.05;

        // MAE (He et al. 2022): mask 75 %, decoder 512 wide, 8 blocks, 16 heads
        public const double MaeMaskRatio = 0.75;
        public const int MaeDecoderDim = 512;
        public const int MaeDecoderDepth = 8;
        public const int MaeDecoderHeads = 16;

        // BERT MLM: 15 %; ids 0..3 are [PAD], [MASK], [UNK], [CLS] by convention
        public const double MlmMaskProbability = 0.15;
        public const int MlmMaskTokenId = 1;
        public static readonly int[] SpecialTokenIds = { 0, 1, 2, 3 };

        // DistilBERT (Sanh et al. 2019; distillation/README's training command): T = 2, alpha_ce 5, alpha_mlm 2, alpha_cos 1,
        // the student initialised from every other teacher layer
        public const double DistillTemperature = 2.0;
        public const double DistillSoftTargetWeight = 5.0;
        public const double DistillMlmWeight = 2.0;
        public const double DistillHiddenCosineWeight = 1.0;
        public const bool DistillInitializeFromTeacher = true;

        // Masked stream reconstruction (TST, Zerveas et al. 2021: 15 % masked)
        public const double StreamMaskRatio = 0.15;
        public const int StreamSpanLength = 5;

        // Fine-tuning: head 10x the backbone's learning rate, early stopping after 5 epochs without improvement
        public const double FineTuneLearningRate = 1e-3;
        public const double FineTuneHeadMultiplier = 10.0;
        public const double FineTuneBackboneMultiplier = 1.0;
        public const int FineTuneEpochs = 30;
        public const int FineTunePatience = 5;
        public const double FineTuneLayerDecay = 1.0; // 1 = off; MAE/BEiT use 0.65-0.75
        public const int FineTuneWarmupEpochs = 0;
        public const double FineTuneLabelSmoothing = 0.0;
    }
}
