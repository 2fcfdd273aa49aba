using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SslDsl.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SslDsl.Analyzers.TokenIdAnalyzer>;

namespace SslDsl.Analyzers.Tests
{
    public class TokenIdAnalyzerTests
    {
        private const string Objective = "[MaskedLanguageModel(MaskProbability = 0.15)]";

        private static DiagnosticResult At(int location, string message) =>
            new DiagnosticResult(DiagnosticDescriptors.TokenIds).WithLocation(location).WithMessage(message);

        [Fact]
        public Task Mask_id_outside_the_vocabulary_is_reported_at_MaskTokenId() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidTokenExperiment, Objective, "[MaskedLanguageModel({|#0:MaskTokenId = 1000|}, {|#1:SpecialTokenIds = new[] { 0, 1000 }|})]"),
                At(0, "[MaskedLanguageModel] MaskTokenId = 1000 is not an id of the vocabulary of [TokenInput] (VocabSize = 1000): it must be in [0, 1000)"),
                At(1,
                    "[MaskedLanguageModel] SpecialTokenIds 1000 is not an id of the vocabulary of [TokenInput] (VocabSize = 1000): every special id must be in [0, 1000)"));

        [Fact]
        public Task Special_ids_outside_the_vocabulary_are_reported_at_SpecialTokenIds() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidTokenExperiment, Objective, "[MaskedLanguageModel({|#0:SpecialTokenIds = new[] { -1, 0, 1, 1200 }|})]"),
                At(0, "[MaskedLanguageModel] SpecialTokenIds -1, 1200 are not ids of the vocabulary of [TokenInput] (VocabSize = 1000): every special id must be in [0, 1000)"));

        [Theory]
        [InlineData("[MaskedLanguageModel({|#0:MaskTokenId = 7|})]", "[MaskedLanguageModel] MaskTokenId = 7 is not among SpecialTokenIds = { 0, 1, 2, 3 }: the mask token must be special, so that it is never selected for masking nor drawn as a random replacement")]
        [InlineData("[MaskedLanguageModel({|#0:SpecialTokenIds = new[] { 0, 2 }|})]", "[MaskedLanguageModel] MaskTokenId = 1 is not among SpecialTokenIds = { 0, 2 }: the mask token must be special, so that it is never selected for masking nor drawn as a random replacement")]
        public Task Mask_id_that_is_not_special_is_reported(string objective, string message) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidTokenExperiment, Objective, objective), At(0, message));

        [Fact]
        public Task Vocabulary_of_special_ids_only_is_reported_at_VocabSize() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidTokenExperiment, "VocabSize = 1000", "{|#0:VocabSize = 4|}"),
                At(0, "[TokenInput] VocabSize = 4 leaves no ordinary token: [MaskedLanguageModel] reserves 4 special ids (mask token included); VocabSize must be > 4"));

        [Fact]
        public Task Replacement_id_outside_the_vocabulary_is_reported_at_ReplacementId() =>
            Verify.VerifyAsync(
                Sources.Edit(Sources.ValidTokenExperiment, "[TokenDropout]", "[TokenDropout(Rate = 0.2, {|#0:ReplacementId = 1000|})]"),
                At(0, "[TokenDropout] ReplacementId = 1000 is not an id of the vocabulary of [TokenInput] (VocabSize = 1000): it must be in [0, 1000)"));

        [Theory]
        [InlineData("[TokenDropout]", "[TokenDropout(ReplacementId = 999)]")]
        [InlineData("VocabSize = 1000", "VocabSize = 5")]
        [InlineData(Objective, "[MaskedLanguageModel(MaskTokenId = 103, SpecialTokenIds = new[] { 0, 100, 101, 102, 103 })]")]
        [InlineData(Objective, "[MaskedLanguageModel(MaskTokenId = 0, SpecialTokenIds = new[] { 0 })]")]
        [InlineData(Objective, "[MaskedLanguageModel(MaskTokenId = 999, SpecialTokenIds = new[] { 999 })]")]
        public Task Ids_that_fit_the_vocabulary_are_not_reported(string replace, string with) =>
            Verify.VerifyAsync(Sources.Edit(Sources.ValidTokenExperiment, replace, with));
    }
}
