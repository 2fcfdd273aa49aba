using System.Collections.Generic;

namespace SslDsl.Data;

/// <summary>Per-channel mean and standard deviation (population, divisor n) of the training readings.</summary>
/// <param name="ChannelNames">The channel names, e.g. humidity, temperature.</param>
/// <param name="Mean">The mean of each channel over the training readings.</param>
/// <param name="Std">The standard deviation of each channel; 1 where a channel is constant.</param>
/// <param name="ReadingCount">How many readings the statistics were computed from.</param>
public sealed record SensorChannelStatistics(IReadOnlyList<string> ChannelNames, IReadOnlyList<double> Mean, IReadOnlyList<double> Std, int ReadingCount);
