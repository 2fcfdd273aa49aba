using System.Reflection;
using Microsoft.CodeAnalysis;
using SslDsl.Generators.Features;
using SslDsl.Generators.Model;

namespace SslDsl.Generators.Tests;

/// <summary>
/// Every public property of every SslDsl attribute reaches the generator: each attribute resolves into a spec named
/// for it (<c>SimClrAttribute</c> → <c>SimClrSpec</c>) with a property of the same name that takes the written value,
/// and an attribute written without arguments resolves to what <c>new XAttribute()</c> holds (the documented defaults).
/// A new attribute property the generator ignores fails here.
/// </summary>
public class AttributeSpecTests
{
    /// <summary>Read by <see cref="AugmentationMethodBuilder"/> into <see cref="AugmentationMethodModel"/>, checked on its own below.</summary>
    private static readonly Type MethodAttribute = typeof(AugmentationAttribute);

    /// <summary>Marks the class; it has nothing to resolve.</summary>
    private static readonly Type MarkerAttribute = typeof(SslExperimentAttribute);

    private static IEnumerable<Type> ClassAttributes => typeof(SslExperimentAttribute).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == "SslDsl" && typeof(Attribute).IsAssignableFrom(t) && !t.IsAbstract && t != MethodAttribute && t != MarkerAttribute);

    public static TheoryData<string> AttributeNames => new(ClassAttributes.Select(t => t.Name));

    private static PropertyInfo[] Properties(Type attribute) =>
        attribute.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.DeclaringType != typeof(Attribute)).ToArray();

    private static string NameOf(Type attribute) => attribute.Name[..^"Attribute".Length];

    private static Type AttributeType(string name) => ClassAttributes.Single(t => t.Name == name);

    private static Type? SpecType(Type attribute) => typeof(ExperimentSpec).Assembly.GetType("SslDsl.Generators.Features." + NameOf(attribute) + "Spec");

    [Fact]
    public void EveryAttributeHasASpecAndNoSpecIsStale()
    {
        string[] attributes = ClassAttributes.Select(NameOf).OrderBy(n => n).ToArray();
        Assert.Equal(attributes, AttributeSpecs.Names.OrderBy(n => n).ToArray());
        Assert.All(ClassAttributes, t => Assert.True(SpecType(t) is not null, $"no {NameOf(t)}Spec for {t.Name}"));
    }

    [Theory]
    [MemberData(nameof(AttributeNames))]
    public void EveryPropertyHasASpecPropertyThatTakesTheWrittenValue(string attributeName)
    {
        Type attribute = AttributeType(attributeName);
        object defaults = Create(attribute, out EquatableArray<ArgumentModel> constructorArguments);
        foreach (PropertyInfo property in Properties(attribute))
        {
            PropertyInfo? specProperty = SpecType(attribute)!.GetProperty(property.Name);
            Assert.True(specProperty is not null, $"{SpecType(attribute)!.Name} has no {property.Name}: [{NameOf(attribute)}] {property.Name} would be ignored");
            if (!property.CanWrite)
            {
                continue; // a constructor argument, written in every declaration
            }

            (object written, ArgumentValue value) = OtherThan(property.GetValue(defaults), property.PropertyType);
            var arguments = constructorArguments.Concat(new[] { new ArgumentModel(property.Name, value) });
            object spec = AttributeSpecs.Resolve(new AttributeModel(NameOf(attribute), 0, AttributeFamily.Other, "", new EquatableArray<ArgumentModel>(arguments)))!;
            AssertSame(written, specProperty!.GetValue(spec), $"[{NameOf(attribute)}({property.Name} = …)]");
        }
    }

    [Theory]
    [MemberData(nameof(AttributeNames))]
    public void AttributeWithoutArgumentsResolvesToItsDefaults(string attributeName)
    {
        Type attribute = AttributeType(attributeName);
        object defaults = Create(attribute, out EquatableArray<ArgumentModel> constructorArguments);
        object spec = AttributeSpecs.Resolve(new AttributeModel(NameOf(attribute), 0, AttributeFamily.Other, "", constructorArguments))!;
        foreach (PropertyInfo property in Properties(attribute).Where(p => p.CanWrite))
        {
            AssertSame(property.GetValue(defaults), spec.GetType().GetProperty(property.Name)!.GetValue(spec), $"[{NameOf(attribute)}] {property.Name}");
        }
    }

    [Fact]
    public void AugmentationMethodWithoutArgumentsGetsTheAttributesDefaults()
    {
        var compilation = GeneratorHarness.Compile("""
            class Host
            {
                [SslDsl.Augmentation]
                static TorchSharp.torch.Tensor Noop(TorchSharp.torch.Tensor batch, TorchSharp.torch.Generator rng) => batch;
            }
            """);
        IMethodSymbol method = compilation.GetTypeByMetadataName("Host")!.GetMembers("Noop").OfType<IMethodSymbol>().Single();
        AugmentationMethodModel model = AugmentationMethodBuilder.ToModel(method)!;
        var defaults = new AugmentationAttribute();
        Assert.Equal(new[] { "Order", "Probability", "View" }, Properties(MethodAttribute).Select(p => p.Name).OrderBy(n => n));
        Assert.Empty(Properties(MarkerAttribute));
        Assert.Equal((defaults.Order, defaults.Probability, defaults.View), (model.Order, model.Probability, model.View));
    }

    /// <summary>An instance with its defaults; constructor parameters get a value, passed on as positional arguments.</summary>
    private static object Create(Type attribute, out EquatableArray<ArgumentModel> arguments)
    {
        ConstructorInfo constructor = attribute.GetConstructors().OrderBy(c => c.GetParameters().Length).First();
        ParameterInfo[] parameters = constructor.GetParameters();
        var values = new object[parameters.Length];
        var models = new List<ArgumentModel>();
        for (int i = 0; i < parameters.Length; i++)
        {
            string name = char.ToUpperInvariant(parameters[i].Name![0]) + parameters[i].Name![1..];
            if (parameters[i].ParameterType == typeof(Type))
            {
                values[i] = typeof(object);
                models.Add(new ArgumentModel(name, new ArgumentValue(ArgumentKind.Type, 0, "global::System.Object", EquatableArray<double>.Empty)));
            }
            else
            {
                values[i] = Convert.ChangeType(2, parameters[i].ParameterType, System.Globalization.CultureInfo.InvariantCulture);
                models.Add(new ArgumentModel(name, ArgumentValue.FromNumber(2)));
            }
        }

        arguments = new EquatableArray<ArgumentModel>(models);
        return constructor.Invoke(values);
    }

    /// <summary>A value of <paramref name="type"/> that differs from <paramref name="current"/>, and how an attribute argument carries it.</summary>
    private static (object Value, ArgumentValue Argument) OtherThan(object? current, Type type)
    {
        if (type == typeof(int))
        {
            int v = (int)current! + 3;
            return (v, ArgumentValue.FromNumber(v));
        }

        if (type == typeof(double))
        {
            double v = (double)current! + 0.125;
            return (v, ArgumentValue.FromNumber(v));
        }

        if (type == typeof(bool))
        {
            bool v = !(bool)current!;
            return (v, new ArgumentValue(ArgumentKind.Bool, v ? 1 : 0, null, EquatableArray<double>.Empty));
        }

        if (type.IsEnum)
        {
            object v = Enum.GetValues(type).Cast<object>().First(e => !e.Equals(current));
            return (v, new ArgumentValue(ArgumentKind.Enum, Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture), v.ToString(), EquatableArray<double>.Empty));
        }

        if (type == typeof(string))
        {
            string v = current + "-other";
            return (v, new ArgumentValue(ArgumentKind.Text, 0, v, EquatableArray<double>.Empty));
        }

        if (type == typeof(int[]))
        {
            int[] v = { 7, 9, 11 };
            return (v, new ArgumentValue(ArgumentKind.Array, 0, null, new EquatableArray<double>(v.Select(x => (double)x))));
        }

        if (type == typeof(double[]))
        {
            double[] v = { 0.25, 0.75 };
            return (v, new ArgumentValue(ArgumentKind.Array, 0, null, new EquatableArray<double>(v)));
        }

        throw new NotSupportedException($"attribute property type {type.Name}: teach this test how to write one");
    }

    /// <summary>Attribute and spec values agree: numbers by value, enums by their number, arrays element-wise.</summary>
    private static void AssertSame(object? expected, object? actual, string what)
    {
        if (expected is System.Collections.IEnumerable e && expected is not string)
        {
            Assert.True(actual is System.Collections.IEnumerable, $"{what}: spec holds {actual?.GetType().Name}, not a sequence");
            Assert.Equal(e.Cast<object>().Select(ToDouble), ((System.Collections.IEnumerable)actual!).Cast<object>().Select(ToDouble));
            return;
        }

        if (expected is string || expected is bool)
        {
            Assert.True(Equals(expected, actual), $"{what}: attribute {expected}, spec {actual}");
            return;
        }

        Assert.True(ToDouble(expected!) == ToDouble(actual!), $"{what}: attribute {expected}, spec {actual}");
    }

    private static double ToDouble(object value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
}
