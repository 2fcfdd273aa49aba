namespace SslDsl.Data;

/// <summary>One reading of one mote in the single-hop sensor network data set (<see cref="SensorMotes"/>).</summary>
/// <param name="Reading">The reading number within the mote's series (1-based, one every ~5 s).</param>
/// <param name="MoteId">The mote (1 to 4 in the published data).</param>
/// <param name="Indoor">Whether the mote was indoors (motes 1, 2) or outdoors (motes 3, 4).</param>
/// <param name="Humidity">Temperature-corrected relative humidity, percent.</param>
/// <param name="Temperature">Temperature, degrees Celsius.</param>
/// <param name="Anomalous">The data set's label: true when the reading is influenced by an introduced event.</param>
public readonly record struct MoteReading(int Reading, int MoteId, bool Indoor, float Humidity, float Temperature, bool Anomalous);
