namespace SslDsl.Pretrained
{
    /// <summary>Whose state-dict names a weight file uses, and so how its entries map onto an SslDsl encoder.</summary>
    public enum WeightLayout
    {
        /// <summary>
        /// SslDsl's own names, as <c>state_dict()</c> gives them for the encoder (what
        /// <see cref="Export.EncoderExport.SaveSafetensors"/> writes): every entry maps to itself.
        /// </summary>
        SslDsl,

        /// <summary>
        /// torchvision's <c>resnet18</c> / <c>resnet34</c> / <c>resnet50</c> <c>state_dict()</c> names, loaded into a
        /// <see cref="Encoders.ResNetEncoder"/> of the same depth (3 input channels, 7x7 stem, WidthMultiplier 1):
        /// <c>conv1</c>, <c>bn1</c> → <c>stem.*</c>; <c>layerS.B.*</c> → <c>layers.layerS_B.*</c>; <c>fc.*</c> ignored.
        /// </summary>
        TorchvisionResNet,

        /// <summary>
        /// timm's <c>VisionTransformer</c> names (also MAE's, DINO's and DeiT's releases), loaded into a
        /// <see cref="Encoders.VisionTransformerEncoder"/> of the same patch, width, depth, heads and image size:
        /// <c>patch_embed.proj</c> → <c>patchEmbed</c>, <c>cls_token</c> → <c>clsToken</c>, <c>pos_embed</c> →
        /// <c>posEmbed</c>, <c>blocks.N.attn.qkv</c> → <c>blocks.N.qkv</c>, <c>blocks.N.mlp.fc1</c> →
        /// <c>blocks.N.fc1</c>, …; <c>head.*</c> ignored; layer scale folded and a class-free position embedding
        /// completed exactly (docs/pretrained-weights.md).
        /// </summary>
        TimmVit,
    }
}
