import Foundation
import KQLColumns

// convert_angle, convert_energy, convert_force, convert_length, convert_mass, convert_speed,
// convert_temperature, convert_volume (convert-*-function.md). The pages list the unit names (those
// of the UnitsNet library Kusto uses) but not their definitions; the factors below are the units'
// definitions as UnitsNet states them (checked against each page's example, including AcreFoot's
// rounded factor 0.000810714 that the volume page's output shows). An unknown unit gives null, as
// the pages say; unit names match case-insensitively (Quarry's choice).

/// A unit as a conversion to and from its quantity's base unit.
struct MeasureUnit {
    var toBase: (Double) -> Double
    var fromBase: (Double) -> Double
    /// A linear unit: `factor` base units per unit.
    static func linear(_ factor: Double) -> MeasureUnit { MeasureUnit(toBase: { $0 * factor }, fromBase: { $0 / factor }) }
}

private func unitTable(_ pairs: [(String, MeasureUnit)]) -> [String: MeasureUnit] {
    Dictionary(pairs.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { a, _ in a })
}

private func linearTable(_ pairs: [(String, Double)]) -> [String: MeasureUnit] { unitTable(pairs.map { ($0.0, .linear($0.1)) }) }

private func convertFunction(_ quantity: String, _ units: [String: MeasureUnit]) -> ScalarFunction {
    rowFunction("convert_" + quantity, fn([p("value", .type(.real)), p("from", .type(.string)), p("to", .type(.string))], .fixed(.real)),
                summary: "The value converted from one \(quantity) unit to another (UnitsNet's unit names; null for an unknown unit).",
                kernel: { args in
                    guard let x = numericDouble(args[0]), let from = units[kqlString(args[1]).lowercased()],
                          let to = units[kqlString(args[2]).lowercased()] else { return .null(.real) }
                    return .real(to.fromBase(from.toBase(x)))
                })
}

// Base unit: degree.
let convertAngleFunction = convertFunction("angle", unitTable([
    ("Arcminute", .linear(1.0 / 60)), ("Arcsecond", .linear(1.0 / 3600)), ("Degree", .linear(1)), ("Gradian", .linear(0.9)),
    ("Microdegree", .linear(1e-6)), ("Millidegree", .linear(1e-3)), ("Nanodegree", .linear(1e-9)),
    ("Radian", .linear(180 / Double.pi)), ("Centiradian", .linear(1.8 / Double.pi)), ("Deciradian", .linear(18 / Double.pi)),
    ("Microradian", .linear(180e-6 / Double.pi)), ("Milliradian", .linear(0.18 / Double.pi)), ("Nanoradian", .linear(180e-9 / Double.pi)),
    ("NatoMil", .linear(9.0 / 160)), ("Revolution", .linear(360)),
    // Tilt is the sine of the angle.
    ("Tilt", MeasureUnit(toBase: { asin($0) * 180 / .pi }, fromBase: { sin($0 * .pi / 180) })),
]))

// Base unit: joule.
let convertEnergyFunction = convertFunction("energy", linearTable([
    ("BritishThermalUnit", 1055.05585262), ("KilobritishThermalUnit", 1055.05585262e3), ("MegabritishThermalUnit", 1055.05585262e6),
    ("GigabritishThermalUnit", 1055.05585262e9), ("Calorie", 4.184), ("Kilocalorie", 4184), ("Megacalorie", 4.184e6),
    ("ThermEc", 1.05505585262e8), ("DecathermEc", 1.05505585262e9), ("ThermImperial", 1.05505585257348e8),
    ("DecathermImperial", 1.05505585257348e9), ("ThermUs", 1.054804e8), ("DecathermUs", 1.054804e9),
    ("ElectronVolt", 1.602176565e-19), ("KiloelectronVolt", 1.602176565e-16), ("MegaelectronVolt", 1.602176565e-13),
    ("GigaelectronVolt", 1.602176565e-10), ("TeraelectronVolt", 1.602176565e-7), ("Erg", 1e-7), ("FootPound", 1.355817948),
    ("HorsepowerHour", 2.6845195377e6), ("Joule", 1), ("Millijoule", 1e-3), ("Kilojoule", 1e3), ("Megajoule", 1e6), ("Gigajoule", 1e9),
    ("WattHour", 3600), ("KilowattHour", 3.6e6), ("MegawattHour", 3.6e9), ("GigawattHour", 3.6e12), ("TerawattHour", 3.6e15),
    ("WattDay", 86_400), ("KilowattDay", 8.64e7), ("MegawattDay", 8.64e10), ("GigawattDay", 8.64e13), ("TerawattDay", 8.64e16),
]))

// Base unit: newton.
let convertForceFunction = convertFunction("force", linearTable([
    ("Decanewton", 10), ("Dyn", 1e-5), ("KilogramForce", 9.80665), ("Kilonewton", 1e3), ("KiloPond", 9.80665),
    ("KilopoundForce", 4448.2216152605), ("Meganewton", 1e6), ("Micronewton", 1e-6), ("Millinewton", 1e-3), ("Newton", 1),
    ("OunceForce", 2.780138509537812e-1), ("Poundal", 0.138254954376), ("PoundForce", 4.4482216152605),
    ("ShortTonForce", 8.896443230521e3), ("TonneForce", 9.80665e3),
]))

// Base unit: meter.
let convertLengthFunction = convertFunction("length", linearTable([
    ("Angstrom", 1e-10), ("AstronomicalUnit", 1.4959787070e11), ("Centimeter", 1e-2), ("Chain", 20.1168), ("DataMile", 1828.8),
    ("Decameter", 10), ("Decimeter", 0.1), ("DtpPica", 1 / 236.220472441), ("DtpPoint", 2.54e-2 / 72), ("Fathom", 1.8288),
    ("Foot", 0.3048), ("Hand", 1.016e-1), ("Hectometer", 100), ("Inch", 2.54e-2), ("LightYear", 9.46073047258e15),
    ("KilolightYear", 9.46073047258e18), ("MegalightYear", 9.46073047258e21), ("Kilometer", 1e3), ("Parsec", 3.08567758128e16),
    ("Kiloparsec", 3.08567758128e19), ("Megaparsec", 3.08567758128e22), ("Meter", 1), ("Microinch", 2.54e-8), ("Micrometer", 1e-6),
    ("Mil", 2.54e-5), ("Mile", 1609.34), ("Millimeter", 1e-3), ("Nanometer", 1e-9), ("NauticalMile", 1852),
    ("PrinterPica", 1 / 237.106301584), ("PrinterPoint", 2.54e-2 / 72.27), ("Shackle", 27.432), ("SolarRadius", 6.95510000e8),
    ("Twip", 1 / 56692.913385826), ("UsSurveyFoot", 1200.0 / 3937), ("Yard", 0.9144),
]))

// Base unit: kilogram.
let convertMassFunction = convertFunction("mass", linearTable([
    ("Centigram", 1e-5), ("Decagram", 1e-2), ("Decigram", 1e-4), ("EarthMass", 5.9722e24), ("Grain", 64.79891e-6), ("Gram", 1e-3),
    ("Hectogram", 0.1), ("Kilogram", 1), ("Kilopound", 453.59237), ("Kilotonne", 1e6), ("LongHundredweight", 50.80234544),
    ("LongTon", 1016.0469088), ("Megapound", 453_592.37), ("Megatonne", 1e9), ("Microgram", 1e-9), ("Milligram", 1e-6),
    ("Nanogram", 1e-12), ("Ounce", 0.028349523125), ("Pound", 0.45359237), ("ShortHundredweight", 45.359237),
    ("ShortTon", 907.18474), ("Slug", 1 / 6.852176556196105e-2), ("SolarMass", 1.98947e30), ("Stone", 6.35029318), ("Tonne", 1e3),
]))

// Base unit: meter per second.
private let usSurveyFoot = 1200.0 / 3937
let convertSpeedFunction = convertFunction("speed", linearTable([
    ("CentimeterPerHour", 1e-2 / 3600), ("CentimeterPerMinute", 1e-2 / 60), ("CentimeterPerSecond", 1e-2),
    ("DecimeterPerMinute", 0.1 / 60), ("DecimeterPerSecond", 0.1), ("FootPerHour", 0.3048 / 3600), ("FootPerMinute", 0.3048 / 60),
    ("FootPerSecond", 0.3048), ("InchPerHour", 2.54e-2 / 3600), ("InchPerMinute", 2.54e-2 / 60), ("InchPerSecond", 2.54e-2),
    ("KilometerPerHour", 1000.0 / 3600), ("KilometerPerMinute", 1000.0 / 60), ("KilometerPerSecond", 1000), ("Knot", 1852.0 / 3600),
    ("MeterPerHour", 1.0 / 3600), ("MeterPerMinute", 1.0 / 60), ("MeterPerSecond", 1), ("MicrometerPerMinute", 1e-6 / 60),
    ("MicrometerPerSecond", 1e-6), ("MilePerHour", 0.44704), ("MillimeterPerHour", 1e-3 / 3600), ("MillimeterPerMinute", 1e-3 / 60),
    ("MillimeterPerSecond", 1e-3), ("NanometerPerMinute", 1e-9 / 60), ("NanometerPerSecond", 1e-9),
    ("UsSurveyFootPerHour", usSurveyFoot / 3600), ("UsSurveyFootPerMinute", usSurveyFoot / 60), ("UsSurveyFootPerSecond", usSurveyFoot),
    ("YardPerHour", 0.9144 / 3600), ("YardPerMinute", 0.9144 / 60), ("YardPerSecond", 0.9144),
]))

// Base unit: kelvin (most temperature scales are offset, not just scaled).
let convertTemperatureFunction = convertFunction("temperature", unitTable([
    ("DegreeCelsius", MeasureUnit(toBase: { $0 + 273.15 }, fromBase: { $0 - 273.15 })),
    ("DegreeDelisle", MeasureUnit(toBase: { $0 * -2 / 3 + 373.15 }, fromBase: { ($0 - 373.15) * -3 / 2 })),
    ("DegreeFahrenheit", MeasureUnit(toBase: { ($0 + 459.67) * 5 / 9 }, fromBase: { $0 * 9 / 5 - 459.67 })),
    ("DegreeNewton", MeasureUnit(toBase: { $0 * 100 / 33 + 273.15 }, fromBase: { ($0 - 273.15) * 33 / 100 })),
    ("DegreeRankine", MeasureUnit(toBase: { $0 * 5 / 9 }, fromBase: { $0 * 9 / 5 })),
    ("DegreeReaumur", MeasureUnit(toBase: { $0 * 5 / 4 + 273.15 }, fromBase: { ($0 - 273.15) * 4 / 5 })),
    ("DegreeRoemer", MeasureUnit(toBase: { ($0 - 7.5) * 40 / 21 + 273.15 }, fromBase: { ($0 - 273.15) * 21 / 40 + 7.5 })),
    ("Kelvin", .linear(1)),
    ("MillidegreeCelsius", MeasureUnit(toBase: { $0 / 1000 + 273.15 }, fromBase: { ($0 - 273.15) * 1000 })),
    ("SolarTemperature", .linear(5778)),
]))

// Base unit: cubic meter.
private let cubicFoot = 0.0283168, usGallon = 0.00378541, imperialGallon = 0.00454609
let convertVolumeFunction = convertFunction("volume", linearTable([
    ("AcreFoot", 1 / 0.000810714), ("AuTablespoon", 2e-5), ("BoardFoot", 2.3597372158e-3), ("Centiliter", 1e-5),
    ("CubicCentimeter", 1e-6), ("CubicDecimeter", 1e-3), ("CubicFoot", cubicFoot), ("CubicHectometer", 1e6), ("CubicInch", 1.6387e-5),
    ("CubicKilometer", 1e9), ("CubicMeter", 1), ("CubicMicrometer", 1e-18), ("CubicMile", 4.16818182544058e9), ("CubicMillimeter", 1e-9),
    ("CubicYard", 0.764554858), ("Decaliter", 1e-2), ("DecausGallon", usGallon * 10), ("Deciliter", 1e-4), ("DeciusGallon", usGallon / 10),
    ("HectocubicFoot", cubicFoot * 100), ("HectocubicMeter", 100), ("Hectoliter", 0.1), ("HectousGallon", usGallon * 100),
    ("ImperialBeerBarrel", 0.16365924), ("ImperialGallon", imperialGallon), ("ImperialOunce", 2.8413062499962901241875439064617e-5),
    ("ImperialPint", 5.6826125e-4), ("KilocubicFoot", cubicFoot * 1e3), ("KilocubicMeter", 1e3), ("KiloimperialGallon", imperialGallon * 1e3),
    ("Kiloliter", 1), ("KilousGallon", usGallon * 1e3), ("Liter", 1e-3), ("MegacubicFoot", cubicFoot * 1e6),
    ("MegaimperialGallon", imperialGallon * 1e6), ("Megaliter", 1e3), ("MegausGallon", usGallon * 1e6), ("MetricCup", 0.00025),
    ("MetricTeaspoon", 0.5e-5), ("Microliter", 1e-9), ("Milliliter", 1e-6), ("OilBarrel", 0.158987294928), ("UkTablespoon", 1.5e-5),
    ("UsBeerBarrel", 0.1173477658), ("UsCustomaryCup", 0.0002365882365), ("UsGallon", usGallon), ("UsLegalCup", 0.00024),
    ("UsOunce", 2.957352956253760505068307980135e-5), ("UsPint", 4.73176473e-4), ("UsQuart", 9.46352946e-4),
    ("UsTablespoon", 1.478676478125e-5), ("UsTeaspoon", 4.92892159375e-6),
]))
