using SslDsl.Generators.Model;

namespace SslDsl.Generators.Emit
{
    internal static partial class TrainerEmitter
    {
        /// <summary>Runtime type and constructor arguments of a sensor (sequence) or token augmentation; false for other names.</summary>
        private static bool TryPlanSequenceAugmentation(AttributeModel a, TrainerPlan plan, out string type, out string args)
        {
            type = "";
            args = "";
            return false;
        }
    }
}
