using System;
using System.Threading;

namespace SslDsl.Tests.Training.Progress;

/// <summary>A clock the test moves by hand, so rates and ETAs are exact.</summary>
internal sealed class ManualTime : TimeProvider
{
    private long ticks = TimeSpan.TicksPerDay; // not zero: a start timestamp of 0 must not look special

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
