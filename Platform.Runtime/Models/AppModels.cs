using System.Text.Json.Nodes;

namespace Platform.Runtime.Models;

/// <summary>
/// The models of one app, parsed and checked together: relations must point at models of the same
/// app, a one-to-many must be the inverse of a many-to-one, a rollup must sum a field that exists,
/// a copied value must come from a stored field of the related model.
/// </summary>
public static class AppModels
{
    public static IReadOnlyDictionary<string, ModelDefinition> Parse(JsonArray? models)
    {
        var errors = new Dictionary<string, string[]>();
        var result = new Dictionary<string, ModelDefinition>();
        for (var i = 0; i < (models?.Count ?? 0); i++)
        {
            if (models![i] is not JsonObject json) { errors[$"models[{i}]"] = ["A model must be an object."]; continue; }
            try
            {
                var model = ModelDefinition.Parse(json, $"models[{i}].");
                if (!result.TryAdd(model.Key, model)) errors[$"models[{i}].key"] = [$"Model key '{model.Key}' is used twice."];
            }
            catch (ValidationFailedException e)
            {
                foreach (var (k, v) in e.Errors) errors[k] = v;
            }
        }
        if (errors.Count == 0) CheckLinks(result, errors);
        if (errors.Count > 0) throw new ValidationFailedException("The app's models are not valid.", errors);
        return result;
    }

    /// <summary>Checks the links of every model against the others; adds problems to <paramref name="errors"/>.</summary>
    public static void CheckLinks(IReadOnlyDictionary<string, ModelDefinition> models, Dictionary<string, string[]> errors)
    {
        foreach (var model in models.Values)
        {
            foreach (var f in model.Fields.Concat(model.Fields.SelectMany(x => x.SubFields ?? [])))
            {
                if (f.Relation is not { } r) continue;
                var path = $"{model.Key}.fields.{f.Key}.relation";
                if (!models.TryGetValue(r.Model, out var target)) { errors[path + ".model"] = [$"There is no model '{r.Model}' in this app."]; continue; }
                if (r.Kind == "oneToMany")
                {
                    var back = target.Field(r.Field ?? "");
                    if (back?.Relation is not { Kind: "manyToOne" } br || br.Model != model.Key)
                        errors[path + ".field"] = [$"'{r.Model}.{r.Field}' must be a many-to-one relation to '{model.Key}'."];
                }
            }
            foreach (var (f, siblings, path) in model.Fields.Select(x => (x, model.Fields, $"{model.Key}.fields.{x.Key}"))
                         .Concat(model.Fields.SelectMany(s => (s.SubFields ?? []).Select(x => (x, s.SubFields!, $"{model.Key}.fields.{s.Key}.subTable.fields.{x.Key}")))))
            {
                if (f.CopyFrom is not { } copy || siblings.FirstOrDefault(s => s.Key == copy.Relation)?.Relation is not { } rel || !models.TryGetValue(rel.Model, out var target)) continue;
                var source = target.ActiveField(copy.Field);
                if (source is null || source.Kind.Column(source) is null || source.Type is "attachment" or "image")
                    errors[path + ".copyFrom"] = [$"'{rel.Model}.{copy.Field}' is not a stored field that can be copied."];
            }
            foreach (var f in model.Fields.Where(x => x.Rollup is not null))
            {
                var rel = model.Field(f.Rollup!.Relation)?.Relation;
                if (rel is null || !models.TryGetValue(rel.Model, out var target)) continue;
                if (f.Rollup.Op == "count") continue;
                var sum = target.Field(f.Rollup.Field ?? "");
                if (sum is null || sum.Kind.Column(sum) is null || !sum.Kind.Comparable)
                    errors[$"{model.Key}.fields.{f.Key}.rollup.field"] = [$"'{rel.Model}.{f.Rollup.Field}' is not a stored field that can be aggregated."];
                else if (f.Rollup.Op == "sum" && sum.Type is not ("number" or "decimal" or "percent" or "rating" or "formula"))
                    errors[$"{model.Key}.fields.{f.Key}.rollup.field"] = [$"Only numbers can be summed; '{rel.Model}.{f.Rollup.Field}' is {sum.Type}."];
            }
        }
    }
}
