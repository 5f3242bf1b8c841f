//! Schema to type mapping: turns JSON schemas, inline or in
//! `components.schemas`, into `TypeRef`s and named `TypeDef`s.
//!
//! Rules, in the order they are tried for an inline schema:
//! - `not` cannot be expressed and becomes `serde_json::Value` with a warning.
//! - `allOf` with one member and only annotations beside it (`nullable`,
//!   `description`, `readOnly`, `default`...) is the member's type.
//! - `allOf`, `oneOf`/`anyOf`, string and integer enums, and objects with
//!   properties become named types, named after where they sit (`hint`).
//! - Scalars, arrays and maps are used in place.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, Discriminator, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind};
use serde_json::Value;

use super::naming::{claim, is_keyword, pascal_ident, snake_ident, variant_ident};
use super::view::View;
use super::{
    DefaultValue, Derives, EnumVariant, Field, FieldDefault, IntegerVariant, Primitive, TaggedVariant, TypeDef,
    TypeKind, TypeOrigin, TypeRef, UnionVariant,
};
use crate::config::{DateTimeCrate, Settings};
use crate::diagnostic::{push_pointer, Diagnostic};
use crate::load::Source;
use crate::resolve::component_name;

/// Maximum nesting of `allOf` and union members that is followed, so that
/// self-referencing compositions terminate.
const MAX_DEPTH: usize = 32;

/// A schema or a reference to one, borrowed from the document.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    /// `$ref` text.
    Reference(&'a str),
    /// An inline schema.
    Item(&'a Schema),
}

impl<'a> SchemaRef<'a> {
    /// Views a `ReferenceOr<Schema>` or `ReferenceOr<Box<Schema>>`.
    pub fn of<T: std::borrow::Borrow<Schema>>(reference_or: &'a ReferenceOr<T>) -> Self {
        match reference_or {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema.borrow()),
        }
    }
}

/// A mapped schema: its type and whether `null` is allowed.
#[derive(Debug, Clone)]
pub struct Mapped {
    /// The type.
    pub type_ref: TypeRef,
    /// Whether the schema allows `null`.
    pub nullable: bool,
}

/// A property collected for a struct, with where it was declared.
struct Property {
    schema: ReferenceOr<Box<Schema>>,
    pointer: String,
}

/// The parts of an object schema after `allOf` members are merged.
#[derive(Default)]
struct Merged {
    properties: IndexMap<String, Property>,
    required: BTreeSet<String>,
    additional: Option<AdditionalProperties>,
    /// `oneOf`/`anyOf` schemas among the parts, flattened into the struct.
    unions: Vec<(Schema, String)>,
    /// The last part that is a scalar or array, for `allOf` of non-objects.
    scalar: Option<(Schema, String)>,
    /// Addresses of the schemas being collected, outermost first: an
    /// `allOf` member that is one of them adds nothing and is skipped.
    ancestors: Vec<usize>,
}

/// A default waiting for every type to be known.
struct PendingDefault {
    type_name: String,
    field: usize,
    value: Value,
    pointer: String,
}

/// Collects named types while schemas are mapped.
pub struct TypeSpace<'a> {
    spec: &'a OpenAPI,
    source: &'a Source,
    settings: &'a Settings,
    /// Rust names of `components.schemas` entries, by component key.
    component_names: BTreeMap<String, String>,
    /// Rust type paths that replace `components.schemas` entries, by key.
    replaced: BTreeMap<String, String>,
    /// Field names chosen by `rename.properties`, by Rust type name, then
    /// by property name on the wire.
    property_renames: BTreeMap<String, BTreeMap<String, String>>,
    /// Every Rust type name in use.
    taken: BTreeSet<String>,
    /// Finished types.
    pub types: BTreeMap<String, TypeDef>,
    /// Warnings about lossy mappings.
    pub warnings: Vec<Diagnostic>,
    pending_defaults: Vec<PendingDefault>,
    default_functions: BTreeSet<String>,
}

impl<'a> TypeSpace<'a> {
    /// Reserves a Rust name for every component schema, so that references
    /// (forward and recursive) resolve before any schema is mapped. Names
    /// that `rename.types` chooses are taken first, as they are.
    pub fn new(spec: &'a OpenAPI, source: &'a Source, settings: &'a Settings) -> Result<Self, Diagnostic> {
        // Names the generated crate defines itself.
        let mut taken: BTreeSet<String> = ["Client", "ClientBuilder", "Error", "Result", "ApiError", "ErrorDetails", "Base64Bytes", "OffsetDateTime"]
            .map(String::from)
            .into();
        let keys: Vec<&String> = spec.components.iter().flat_map(|components| components.schemas.keys()).collect();
        let mut warnings = Vec::new();
        let mut component_names = BTreeMap::new();
        for (key, name) in &settings.rename.types {
            let option = format!("rename.types.{key}");
            if !keys.contains(&key) {
                warnings.push(settings.option_warning(&option, "names a schema that `components.schemas` does not have"));
                continue;
            }
            check_identifier(settings, &option, name)?;
            let natural = keys
                .iter()
                .find(|other| **other != key && !settings.rename.types.contains_key(**other) && pascal_ident(other, "Schema") == *name);
            if let Some(other) = natural {
                return Err(settings.option_error(&option, format!("`{name}` is the name of schema `{other}`; rename that one too")));
            }
            if !taken.insert(name.clone()) {
                return Err(settings.option_error(&option, format!("the type name `{name}` is already taken")));
            }
            component_names.insert(key.clone(), name.clone());
        }
        for key in keys {
            if !component_names.contains_key(key) {
                let name = claim(pascal_ident(key, "Schema"), "", &mut taken);
                component_names.insert(key.clone(), name);
            }
        }
        let mut replaced = BTreeMap::new();
        for (key, path) in &settings.types.replace {
            let option = format!("types.replace.{key}");
            if !component_names.contains_key(key) {
                warnings.push(settings.option_warning(&option, "names a schema that `components.schemas` does not have"));
                continue;
            }
            if syn::parse_str::<syn::Type>(path).is_err() {
                return Err(settings.option_error(&option, format!("`{path}` is not a Rust type path")));
            }
            replaced.insert(key.clone(), path.clone());
        }
        let mut property_renames: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (owner, renames) in &settings.rename.properties {
            for (wire_name, name) in renames {
                let option = format!("rename.properties.{owner}.{wire_name}");
                check_identifier(settings, &option, name)?;
                if is_keyword(name) {
                    return Err(settings.option_error(&option, format!("`{name}` is a Rust keyword")));
                }
            }
            let mut targets = BTreeSet::new();
            if let Some(name) = renames.values().find(|name| !targets.insert(*name)) {
                return Err(settings.option_error(&format!("rename.properties.{owner}"), format!("two properties are renamed to `{name}`")));
            }
            let type_name = component_names.get(owner).cloned().unwrap_or_else(|| owner.clone());
            property_renames.entry(type_name).or_default().extend(renames.clone());
        }
        Ok(TypeSpace {
            spec,
            source,
            settings,
            component_names,
            replaced,
            property_renames,
            taken,
            types: BTreeMap::new(),
            warnings,
            pending_defaults: Vec::new(),
            default_functions: BTreeSet::new(),
        })
    }

    /// Records a warning; `build` locates all warnings in one scan.
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(message).at(pointer));
    }

    /// Maps every component schema to a named type.
    pub fn map_components(&mut self) -> Result<(), Diagnostic> {
        let Some(components) = &self.spec.components else {
            return Ok(());
        };
        for (key, schema) in &components.schemas {
            if self.replaced.contains_key(key) {
                continue;
            }
            let name = self.component_names[key].clone();
            let pointer = push_pointer("/components/schemas", key);
            match schema {
                ReferenceOr::Reference { reference } => {
                    let mapped = self.map(SchemaRef::Reference(reference), &pointer, &name)?;
                    self.insert(name, TypeOrigin::Component, &pointer, None, TypeKind::Alias { target: mapped.type_ref });
                }
                ReferenceOr::Item(schema) => {
                    self.define(schema, &pointer, name, TypeOrigin::Component)?;
                }
            }
        }
        Ok(())
    }

    fn insert(&mut self, name: String, origin: TypeOrigin, pointer: &str, data: Option<&SchemaData>, kind: TypeKind) {
        let def = TypeDef {
            name: name.clone(),
            origin,
            pointer: pointer.to_string(),
            docs: data.map(docs_of).unwrap_or_default(),
            deprecated: data.is_some_and(|data| data.deprecated),
            deprecation_note: data.and_then(deprecation_note),
            kind,
            derives: Derives::default(),
            extra_derives: Vec::new(),
            attributes: Vec::new(),
        };
        self.types.insert(name, def);
    }

    /// Looks up a `#/components/schemas/...` reference: the schema (aliases
    /// followed) and the Rust name reserved for it.
    fn component(&self, reference: &str, pointer: &str) -> Result<(&'a Schema, String), Diagnostic> {
        let unsupported = || {
            self.source.error(
                pointer,
                format!("unsupported reference `{reference}`: only `#/components/schemas/...` can be used as a schema for now"),
            )
        };
        let key = component_name(reference, "schemas").ok_or_else(unsupported)?;
        let key = key.replace("~1", "/").replace("~0", "~");
        let name = self.component_names.get(&key).cloned().ok_or_else(unsupported)?;
        let schemas = &self.spec.components.as_ref().ok_or_else(unsupported)?.schemas;
        let mut target = schemas.get(&key).ok_or_else(unsupported)?;
        for _ in 0..MAX_DEPTH {
            match target {
                ReferenceOr::Item(schema) => return Ok((schema, name)),
                ReferenceOr::Reference { reference } => {
                    let next = component_name(reference, "schemas")
                        .map(|key| key.replace("~1", "/").replace("~0", "~"))
                        .and_then(|key| schemas.get(&key));
                    target = next.ok_or_else(unsupported)?;
                }
            }
        }
        Err(unsupported())
    }

    /// Follows a reference, or returns the inline schema.
    fn resolve<'s>(&self, schema: SchemaRef<'s>, pointer: &str) -> Result<&'s Schema, Diagnostic>
    where
        'a: 's,
    {
        match schema {
            SchemaRef::Reference(reference) => Ok(self.component(reference, pointer)?.0),
            SchemaRef::Item(schema) => Ok(schema),
        }
    }

    /// Returns whether the schema is an object with required properties.
    pub fn requires_properties(&self, schema: SchemaRef<'_>) -> bool {
        let Ok(schema) = self.resolve(schema, "") else {
            return false;
        };
        let mut merged = Merged::default();
        if self.collect(schema, "", &mut merged, 0).is_err() {
            return false;
        }
        !merged.required.is_empty()
    }

    /// Maps a schema use. Inline objects, enums and unions become named types
    /// called `hint` (made unique).
    pub fn map(&mut self, schema: SchemaRef<'_>, pointer: &str, hint: &str) -> Result<Mapped, Diagnostic> {
        match schema {
            SchemaRef::Reference(reference) => {
                let (target, name) = self.component(reference, pointer)?;
                let replacement = component_name(reference, "schemas")
                    .map(|key| key.replace("~1", "/").replace("~0", "~"))
                    .and_then(|key| self.replaced.get(&key));
                let type_ref = match replacement {
                    Some(path) => TypeRef::External(path.clone()),
                    None => TypeRef::Named(name),
                };
                Ok(Mapped {
                    type_ref,
                    nullable: View::of(target).nullable(),
                })
            }
            SchemaRef::Item(schema) => self.map_inline(schema, pointer, hint),
        }
    }

    fn map_inline(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Mapped, Diagnostic> {
        let view = View::of(schema);
        let nullable = view.nullable();
        if view.not {
            self.warn(pointer, "`not` cannot be expressed as a Rust type; the value is kept as `serde_json::Value`");
            return Ok(Mapped { type_ref: TypeRef::Any, nullable });
        }
        if let Some(member) = single_member_wrapper(&view) {
            let member_pointer = push_pointer(pointer, "allOf/0");
            let mapped = self.map(SchemaRef::of(member), &member_pointer, hint)?;
            return Ok(Mapped {
                type_ref: mapped.type_ref,
                nullable: nullable || mapped.nullable,
            });
        }
        if needs_definition(&view) {
            let name = claim(pascal_ident(hint, "Type"), "", &mut self.taken);
            let defined_nullable = self.define(schema, pointer, name.clone(), TypeOrigin::Inline)?;
            return Ok(Mapped {
                type_ref: TypeRef::Named(name),
                nullable: nullable || defined_nullable,
            });
        }
        let type_ref = self.anonymous(&view, pointer, hint)?;
        Ok(Mapped { type_ref, nullable })
    }

    /// Maps a scalar, array or map schema to a type used in place.
    fn anonymous(&mut self, view: &View<'_>, pointer: &str, hint: &str) -> Result<TypeRef, Diagnostic> {
        let type_ref = match view.typ {
            Some("string") => TypeRef::Primitive(self.string_primitive(view.format, pointer)),
            Some("integer") => TypeRef::Primitive(self.integer_primitive(view.format, pointer)),
            Some("number") => TypeRef::Primitive(self.number_primitive(view.format, pointer)),
            Some("boolean") => TypeRef::Primitive(Primitive::Bool),
            Some("array") => self.array(view, pointer, hint)?,
            Some("object") => self.map_type(view, pointer, hint)?,
            None if view.items.is_some() => self.array(view, pointer, hint)?,
            None if matches!(view.additional, Some(AdditionalProperties::Schema(_))) => self.map_type(view, pointer, hint)?,
            None => TypeRef::Any,
            Some(other) => {
                self.warn(pointer, format!("unknown type `{other}`; the value is kept as `serde_json::Value`"));
                TypeRef::Any
            }
        };
        Ok(type_ref)
    }

    fn array(&mut self, view: &View<'_>, pointer: &str, hint: &str) -> Result<TypeRef, Diagnostic> {
        let item = match view.items {
            Some(items) => {
                let item_pointer = push_pointer(pointer, "items");
                let mapped = self.map(SchemaRef::of(items), &item_pointer, &format!("{hint}Item"))?;
                if mapped.nullable {
                    // `Vec<Option<T>>` keeps `null` items.
                    TypeRef::Nullable(Box::new(mapped.type_ref))
                } else {
                    mapped.type_ref
                }
            }
            None => TypeRef::Any,
        };
        Ok(TypeRef::Array(Box::new(item)))
    }

    /// `type: object` without properties: a map of `additionalProperties`,
    /// or of any JSON value.
    fn map_type(&mut self, view: &View<'_>, pointer: &str, hint: &str) -> Result<TypeRef, Diagnostic> {
        match view.additional {
            Some(AdditionalProperties::Schema(values)) => {
                let values_pointer = push_pointer(pointer, "additionalProperties");
                let value = self.map(SchemaRef::of(values), &values_pointer, &format!("{hint}Value"))?;
                let value = if value.nullable { TypeRef::Nullable(Box::new(value.type_ref)) } else { value.type_ref };
                Ok(TypeRef::Map(self.settings.types.map, Box::new(value)))
            }
            _ => Ok(TypeRef::Map(self.settings.types.map, Box::new(TypeRef::Any))),
        }
    }

    fn string_primitive(&mut self, format: Option<&str>, _pointer: &str) -> Primitive {
        match format {
            Some("date-time") => Primitive::DateTime(self.settings.types.date_time),
            Some("date") => Primitive::Date(self.settings.types.date_time),
            Some("uuid") => Primitive::Uuid,
            Some("byte") => Primitive::Base64,
            Some("binary") => Primitive::Binary,
            // Other formats (email, uri, int64 sent as text...) stay strings.
            _ => Primitive::String,
        }
    }

    fn integer_primitive(&mut self, format: Option<&str>, pointer: &str) -> Primitive {
        match format {
            None | Some("int64") => Primitive::I64,
            Some("int32") => Primitive::I32,
            Some("int16") => Primitive::I16,
            Some("int8") => Primitive::I8,
            Some("uint64") => Primitive::U64,
            Some("uint32") => Primitive::U32,
            Some("uint16") => Primitive::U16,
            Some("uint8") => Primitive::U8,
            Some("int128") => Primitive::I128,
            Some("uint128") => Primitive::U128,
            Some("uint") => Primitive::U64,
            Some("int") => Primitive::I64,
            Some(other) => {
                self.warn(pointer, format!("unknown integer format `{other}`; using i64"));
                Primitive::I64
            }
        }
    }

    fn number_primitive(&mut self, format: Option<&str>, pointer: &str) -> Primitive {
        match format {
            Some("float") => Primitive::F32,
            None | Some("double") => Primitive::F64,
            Some(other) => {
                self.warn(pointer, format!("unknown number format `{other}`; using f64"));
                Primitive::F64
            }
        }
    }

    /// Defines the named type `name` for `schema` and returns whether the
    /// schema allows `null`.
    fn define(&mut self, schema: &Schema, pointer: &str, name: String, origin: TypeOrigin) -> Result<bool, Diagnostic> {
        let view = View::of(schema);
        let nullable = view.nullable();
        let kind = if !view.all_of.is_empty() || view.has_properties() {
            self.object(schema, pointer, &name)?
        } else if !view.one_of.is_empty() || !view.any_of.is_empty() {
            self.union(&name, pointer, &view)?
        } else if view.is_string_enum() {
            self.string_enum(&view, pointer)
        } else if view.is_integer_enum() {
            self.integer_enum(&view, pointer)
        } else if view.not {
            self.warn(pointer, "`not` cannot be expressed as a Rust type; the value is kept as `serde_json::Value`");
            TypeKind::Alias { target: TypeRef::Any }
        } else {
            let target = self.anonymous(&view, pointer, &name)?;
            TypeKind::Alias { target }
        };
        self.insert(name, origin, pointer, Some(&schema.schema_data), kind);
        Ok(nullable)
    }

    /// Collects the properties, `required` and unions of a schema and of its
    /// `allOf` members, later parts overriding earlier ones.
    fn collect(&self, schema: &Schema, pointer: &str, merged: &mut Merged, depth: usize) -> Result<(), Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(self.source.error(pointer, "`allOf` members refer to each other without end"));
        }
        let view = View::of(schema);
        merged.ancestors.push(std::ptr::from_ref(schema) as usize);
        for (index, member) in view.all_of.iter().enumerate() {
            let member_pointer = push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
            let member = self.resolve(SchemaRef::of(member), &member_pointer)?;
            if merged.ancestors.contains(&(std::ptr::from_ref(member) as usize)) {
                continue;
            }
            self.collect(member, &member_pointer, merged, depth + 1)?;
        }
        merged.ancestors.pop();
        if let Some(properties) = view.properties {
            for (wire_name, property) in properties {
                let property_pointer = push_pointer(&push_pointer(pointer, "properties"), wire_name);
                merged.properties.insert(
                    wire_name.clone(),
                    Property {
                        schema: property.clone(),
                        pointer: property_pointer,
                    },
                );
            }
        }
        merged.required.extend(view.required.iter().cloned());
        if view.additional.is_some() {
            merged.additional = view.additional.cloned();
        }
        if !view.one_of.is_empty() || !view.any_of.is_empty() {
            let keyword = if view.one_of.is_empty() { "anyOf" } else { "oneOf" };
            let union = Schema {
                schema_data: SchemaData {
                    discriminator: view.data.discriminator.clone(),
                    ..SchemaData::default()
                },
                schema_kind: if view.one_of.is_empty() {
                    SchemaKind::AnyOf { any_of: view.any_of.to_vec() }
                } else {
                    SchemaKind::OneOf { one_of: view.one_of.to_vec() }
                },
            };
            merged.unions.push((union, push_pointer(pointer, keyword)));
        }
        let scalar = matches!(view.typ, Some("string" | "integer" | "number" | "boolean" | "array"));
        if scalar && view.properties.is_none() {
            merged.scalar = Some((schema.clone(), pointer.to_string()));
        }
        Ok(())
    }

    /// Builds a struct from an object schema, merging `allOf`.
    fn object(&mut self, schema: &Schema, pointer: &str, name: &str) -> Result<TypeKind, Diagnostic> {
        let mut merged = Merged::default();
        self.collect(schema, pointer, &mut merged, 0)?;

        if merged.properties.is_empty() && merged.additional.is_none() {
            if let [(union, union_pointer)] = merged.unions.as_slice() {
                return self.union(name, union_pointer, &View::of(union));
            }
            if merged.unions.is_empty() {
                if let Some((scalar, scalar_pointer)) = &merged.scalar {
                    let target = self.anonymous(&View::of(scalar), scalar_pointer, name)?;
                    return Ok(TypeKind::Alias { target });
                }
            }
        }

        // Renamed fields take their names first, as they are.
        let renames = self.property_renames.get(name).cloned().unwrap_or_default();
        let mut taken: BTreeSet<String> = renames
            .iter()
            .filter(|(wire_name, _)| merged.properties.contains_key(*wire_name))
            .map(|(_, field_name)| field_name.clone())
            .collect();
        let mut fields = Vec::new();
        for (wire_name, property) in &merged.properties {
            let field = self.field(name, wire_name, property, merged.required.contains(wire_name), renames.get(wire_name), &mut taken)?;
            if let Some(value) = &field.1 {
                self.pending_defaults.push(PendingDefault {
                    type_name: name.to_string(),
                    field: fields.len(),
                    value: value.clone(),
                    pointer: push_pointer(&property.pointer, "default"),
                });
            }
            fields.push(field.0);
        }
        for (index, (union, union_pointer)) in merged.unions.iter().enumerate() {
            let hint = if index == 0 { format!("{name}Variant") } else { format!("{name}Variant{}", index + 1) };
            let variant_name = claim(pascal_ident(&hint, "Variant"), "", &mut self.taken);
            let kind = self.union(&variant_name, union_pointer, &View::of(union))?;
            self.insert(variant_name.clone(), TypeOrigin::Inline, union_pointer, None, kind);
            fields.push(flattened_field(claim("variant".to_string(), "_", &mut taken), TypeRef::Named(variant_name)));
        }
        match &merged.additional {
            Some(AdditionalProperties::Schema(values)) => {
                let values_pointer = push_pointer(pointer, "additionalProperties");
                let value = self.map(SchemaRef::of(values), &values_pointer, &format!("{name}Value"))?;
                let name = claim("additional_properties".to_string(), "_", &mut taken);
                fields.push(flattened_field(name, TypeRef::Map(self.settings.types.map, Box::new(value.type_ref))));
            }
            Some(AdditionalProperties::Any(true)) => {
                let name = claim("additional_properties".to_string(), "_", &mut taken);
                fields.push(flattened_field(name, TypeRef::Map(self.settings.types.map, Box::new(TypeRef::Any))));
            }
            _ => {}
        }
        Ok(TypeKind::Struct { fields })
    }

    /// Maps one property; returns the field and its raw `default`, if any.
    fn field(
        &mut self,
        owner: &str,
        wire_name: &str,
        property: &Property,
        listed_required: bool,
        renamed: Option<&String>,
        taken: &mut BTreeSet<String>,
    ) -> Result<(Field, Option<Value>), Diagnostic> {
        let hint = format!("{owner}{}", pascal_ident(wire_name, "Field"));
        let mapped = self.map(SchemaRef::of(&property.schema), &property.pointer, &hint)?;
        let data = match &property.schema {
            ReferenceOr::Item(schema) => Some(&schema.schema_data),
            ReferenceOr::Reference { .. } => None,
        };
        let read_only = data.is_some_and(|data| data.read_only);
        let write_only = data.is_some_and(|data| data.write_only);
        let mut docs = data.map(docs_of).unwrap_or_default();
        let default = data.and_then(|data| data.default.clone());
        if let Some(default) = &default {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.push(format!("Default: `{default}`"));
        }
        let field = Field {
            wire_name: wire_name.to_string(),
            name: match renamed {
                Some(name) => name.clone(),
                None => claim(snake_ident(wire_name, "field"), "_", taken),
            },
            type_ref: mapped.type_ref,
            // A read-only property is absent from requests and a write-only
            // one from responses, and one type serves both directions.
            required: listed_required && !read_only && !write_only,
            nullable: mapped.nullable,
            boxed: false,
            flatten: false,
            default: None,
            read_only,
            write_only,
            docs,
            deprecated: data.is_some_and(|data| data.deprecated),
            deprecation_note: data.and_then(deprecation_note),
        };
        // A required property with a default is still read when absent (a
        // server may leave out a value that equals the default, as Microsoft
        // Graph does with `@odata.type`), and is always sent.
        let default = default.filter(|_| !field.nullable);
        Ok((field, default))
    }

    fn string_enum(&mut self, view: &View<'_>, pointer: &str) -> TypeKind {
        let mut taken = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for value in view.enum_values() {
            let Some(value) = value.as_str() else { continue };
            if !seen.insert(value.to_string()) {
                continue;
            }
            variants.push(EnumVariant {
                wire_value: value.to_string(),
                name: claim(variant_ident(value), "", &mut taken),
            });
        }
        let fallback = claim("Unknown".to_string(), "", &mut taken);
        let default = match &view.data.default {
            Some(Value::String(value)) => {
                let variant = variants.iter().find(|variant| variant.wire_value == *value).map(|variant| variant.name.clone());
                if variant.is_none() {
                    self.warn(&push_pointer(pointer, "default"), format!("default `{value}` is not one of the enum values; it is ignored"));
                }
                variant
            }
            Some(other) => {
                self.warn(&push_pointer(pointer, "default"), format!("default `{other}` is not a string; it is ignored"));
                None
            }
            None => None,
        };
        TypeKind::StringEnum { variants, fallback, default }
    }

    fn integer_enum(&mut self, view: &View<'_>, pointer: &str) -> TypeKind {
        let mut taken = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for value in view.enum_values() {
            let Some(value) = value.as_i64() else { continue };
            if !seen.insert(value) {
                continue;
            }
            let name = if value < 0 { format!("Neg{}", value.unsigned_abs()) } else { format!("V{value}") };
            variants.push(IntegerVariant {
                value,
                name: claim(name, "_", &mut taken),
            });
        }
        let fallback = claim("Unknown".to_string(), "", &mut taken);
        let default = match &view.data.default {
            Some(value) => {
                let variant = value
                    .as_i64()
                    .and_then(|value| variants.iter().find(|variant| variant.value == value))
                    .map(|variant| variant.name.clone());
                if variant.is_none() {
                    self.warn(&push_pointer(pointer, "default"), format!("default `{value}` is not one of the enum values; it is ignored"));
                }
                variant
            }
            None => None,
        };
        TypeKind::IntegerEnum { variants, fallback, default }
    }

    /// Maps `oneOf`/`anyOf`: a tagged union when tag values distinguish the
    /// members, an untagged one otherwise.
    fn union(&mut self, owner: &str, pointer: &str, view: &View<'_>) -> Result<TypeKind, Diagnostic> {
        let (keyword, members) = if view.one_of.is_empty() { ("anyOf", view.any_of) } else { ("oneOf", view.one_of) };
        let members_pointer = if pointer.ends_with(keyword) { pointer.to_string() } else { push_pointer(pointer, keyword) };
        if let Some(tagged) = self.tagged_union(owner, &members_pointer, view.data.discriminator.as_ref(), members)? {
            return Ok(tagged);
        }
        if view.data.discriminator.is_some() {
            self.warn(
                &push_pointer(pointer, "discriminator"),
                "the discriminator value of some members is unknown; members are tried in turn instead",
            );
        }

        let mut taken = BTreeSet::new();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = push_pointer(&members_pointer, &index.to_string());
            let word = match member {
                ReferenceOr::Reference { reference } => Some(self.component(reference, &member_pointer)?.1),
                ReferenceOr::Item(schema) => inline_member_word(schema),
            };
            let hint = format!("{owner}{}", word.as_deref().unwrap_or("Object"));
            let mapped = self.map(SchemaRef::of(member), &member_pointer, &hint)?;
            let type_ref = if mapped.nullable && !matches!(mapped.type_ref, TypeRef::Any) {
                TypeRef::Nullable(Box::new(mapped.type_ref))
            } else {
                mapped.type_ref
            };
            // Two members of one type can never both match; keep the first.
            if variants.iter().any(|variant| variant.type_ref == type_ref) {
                continue;
            }
            let name = word.unwrap_or_else(|| type_word(&type_ref, owner));
            variants.push(UnionVariant {
                name: claim(name, "", &mut taken),
                type_ref,
            });
        }
        // The first matching variant wins, so narrower types go first.
        variants.sort_by_key(|variant| match_rank(&variant.type_ref));
        Ok(TypeKind::Untagged { variants })
    }

    /// Builds a tagged union when every member has known tag values. Returns
    /// `None` when tag values do not distinguish the members.
    fn tagged_union(
        &mut self,
        owner: &str,
        pointer: &str,
        discriminator: Option<&Discriminator>,
        members: &[ReferenceOr<Schema>],
    ) -> Result<Option<TypeKind>, Diagnostic> {
        // Members that are not objects (an id string next to the object it
        // stands for, say) are told apart by their JSON type instead.
        let mut shapes = Vec::new();
        let mut others = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = push_pointer(pointer, &index.to_string());
            let schema = self.resolve(SchemaRef::of(member), &member_pointer)?;
            let mut merged = Merged::default();
            self.collect(schema, &member_pointer, &mut merged, 0)?;
            if merged.properties.is_empty() && merged.unions.is_empty() {
                others.push((index, member_pointer));
                continue;
            }
            let constants = self.constants(&merged);
            let component = match member {
                ReferenceOr::Reference { reference } => Some((reference.clone(), self.component(reference, &member_pointer)?.1)),
                ReferenceOr::Item(_) => None,
            };
            shapes.push((index, member_pointer, merged, constants, component));
        }
        if shapes.len() < 2 && discriminator.is_none() {
            return Ok(None);
        }
        let member_indices: Vec<usize> = shapes.iter().map(|shape| shape.0).collect();
        let shapes: Vec<_> = shapes.into_iter().map(|(_, pointer, merged, constants, component)| (pointer, merged, constants, component)).collect();

        let (tags, tag_values): (Vec<String>, Vec<Vec<Vec<String>>>) = match discriminator {
            Some(discriminator) => {
                let property = &discriminator.property_name;
                let mut all_values = Vec::new();
                for (_, _, constants, component) in &shapes {
                    let mut values: Vec<Vec<String>> = Vec::new();
                    if let Some((reference, _)) = component {
                        for (value, target) in &discriminator.mapping {
                            if target == reference || component_name(target, "schemas") == component_name(reference, "schemas") {
                                values.push(vec![value.clone()]);
                            }
                        }
                        if values.is_empty() {
                            if let Some(key) = component_name(reference, "schemas") {
                                values.push(vec![key.replace("~1", "/").replace("~0", "~")]);
                            }
                        }
                    } else if let Some(value) = constants.get(property) {
                        values.push(vec![value.clone()]);
                    }
                    if values.is_empty() {
                        return Ok(None);
                    }
                    all_values.push(values);
                }
                (vec![property.clone()], all_values)
            }
            None => match constant_tags(&shapes.iter().map(|shape| &shape.2).collect::<Vec<_>>()) {
                Some((tags, values)) => (tags, values.into_iter().map(|tuple| vec![tuple]).collect()),
                None => return Ok(None),
            },
        };

        // Every tuple must select one member.
        let mut seen = BTreeSet::new();
        for tuple in tag_values.iter().flatten() {
            if !seen.insert(tuple.clone()) {
                return Ok(None);
            }
        }

        let mut taken = BTreeSet::new();
        let mut variants = Vec::new();
        for (((member_pointer, merged, _, component), values), index) in shapes.iter().zip(tag_values).zip(&member_indices) {
            let word = match component {
                Some((_, name)) => name.clone(),
                None => pascal_ident(&values[0].join("_"), "Variant"),
            };
            let member = &members[*index];
            let mapped = self.map(SchemaRef::of(member), member_pointer, &format!("{owner}{word}"))?;
            let declares_tags = tags.iter().all(|tag| merged.properties.contains_key(tag));
            variants.push(TaggedVariant {
                name: claim(word, "", &mut taken),
                type_ref: mapped.type_ref,
                tag_values: values,
                declares_tags,
            });
        }
        let mut other_variants: Vec<UnionVariant> = Vec::new();
        for (index, member_pointer) in others {
            let member = &members[index];
            let word = match member {
                ReferenceOr::Reference { reference } => Some(self.component(reference, &member_pointer)?.1),
                ReferenceOr::Item(schema) => inline_member_word(schema),
            };
            let hint = format!("{owner}{}", word.as_deref().unwrap_or("Value"));
            let mapped = self.map(SchemaRef::of(member), &member_pointer, &hint)?;
            if other_variants.iter().any(|variant| variant.type_ref == mapped.type_ref) {
                continue;
            }
            let name = word.unwrap_or_else(|| type_word(&mapped.type_ref, owner));
            other_variants.push(UnionVariant {
                name: claim(name, "", &mut taken),
                type_ref: mapped.type_ref,
            });
        }
        other_variants.sort_by_key(|variant| match_rank(&variant.type_ref));
        let fallback = claim("Unknown".to_string(), "", &mut taken);
        Ok(Some(TypeKind::Tagged {
            tags,
            variants,
            others: other_variants,
            fallback,
        }))
    }

    /// Returns the properties of a merged object whose schema allows one string.
    fn constants(&self, merged: &Merged) -> IndexMap<String, String> {
        let mut constants = IndexMap::new();
        for (name, property) in &merged.properties {
            let Ok(schema) = self.resolve(SchemaRef::of(&property.schema), &property.pointer) else {
                continue;
            };
            let view = View::of(schema);
            let constant = match single_member_wrapper(&view) {
                Some(member) => self
                    .resolve(SchemaRef::of(member), &property.pointer)
                    .ok()
                    .and_then(|member| View::of(member).constant().map(str::to_string)),
                None => view.constant().map(str::to_string),
            };
            if let Some(constant) = constant {
                constants.insert(name.clone(), constant);
            }
        }
        constants
    }

    /// Resolves defaults, boxes the fields that close a cycle of types, and
    /// decides which traits each type derives. Call once, after every schema
    /// is mapped.
    pub fn finish(&mut self) -> Result<(), Diagnostic> {
        self.share_identical_enums();
        self.resolve_defaults();
        self.box_cycles();
        self.decide_derives();
        self.check_property_renames();
        self.add_derives_and_attributes()
    }

    /// Returns the Rust type name that a per-type settings key names: a
    /// `components.schemas` key or a Rust type name.
    fn type_named_by(&self, key: &str) -> String {
        self.component_names.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// Warns about `rename.properties` entries that match no property.
    fn check_property_renames(&mut self) {
        let settings = self.settings;
        for (owner, renames) in &settings.rename.properties {
            let option = format!("rename.properties.{owner}");
            let Some(TypeKind::Struct { fields }) = self.types.get(&self.type_named_by(owner)).map(|def| &def.kind) else {
                self.warnings.push(settings.option_warning(&option, "names no struct type of the document"));
                continue;
            };
            let unknown: Vec<&String> = renames.keys().filter(|wire_name| !fields.iter().any(|field| field.wire_name == **wire_name)).collect();
            for wire_name in unknown {
                self.warnings.push(settings.option_warning(&format!("{option}.{wire_name}"), "names a property that the type does not have"));
            }
        }
    }

    /// Adds `types.extra_derives` to every type, and `types.derives` and
    /// `types.attributes` to the types they name. Derives that the type has
    /// anyway are left out, since deriving a trait twice does not compile.
    fn add_derives_and_attributes(&mut self) -> Result<(), Diagnostic> {
        let settings = self.settings;
        for derive in &settings.types.extra_derives {
            check_path(settings, "types.extra_derives", derive)?;
        }
        let mut per_type: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for (key, derives) in &settings.types.derives {
            let option = format!("types.derives.{key}");
            for derive in derives {
                check_path(settings, &option, derive)?;
            }
            per_type.entry(self.type_named_by(key)).or_default().0.extend(derives.iter().cloned());
        }
        for (key, attributes) in &settings.types.attributes {
            let option = format!("types.attributes.{key}");
            for attribute in attributes {
                let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, attribute);
                if !matches!(parsed, Ok(attributes) if !attributes.is_empty()) {
                    return Err(settings.option_error(&option, format!("`{attribute}` is not an outer attribute such as `#[non_exhaustive]`")));
                }
            }
            per_type.entry(self.type_named_by(key)).or_default().1.extend(attributes.iter().cloned());
        }
        for (key, (_, _)) in per_type.iter().filter(|(name, _)| !self.types.contains_key(*name)) {
            let table = if settings.types.attributes.contains_key(key) { "types.attributes" } else { "types.derives" };
            self.warnings.push(settings.option_warning(&format!("{table}.{key}"), "names no type of the document"));
        }
        for def in self.types.values_mut() {
            let (derives, attributes) = per_type.remove(&def.name).unwrap_or_default();
            if matches!(def.kind, TypeKind::Alias { .. }) {
                if !derives.is_empty() || !attributes.is_empty() {
                    self.warnings.push(settings.option_warning(
                        &format!("types.derives.{}", def.name),
                        "names a type alias, which takes no derives or attributes; they are left out",
                    ));
                }
                continue;
            }
            let mut present: BTreeSet<&str> = ["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"].into();
            for (trait_name, derived) in [("Eq", def.derives.eq), ("Hash", def.derives.hash), ("Default", def.derives.default), ("Copy", def.derives.copy)] {
                if derived {
                    present.insert(trait_name);
                }
            }
            for derive in settings.types.extra_derives.iter().chain(&derives) {
                let last = derive.rsplit("::").next().unwrap_or(derive).trim();
                if !present.contains(last) && !def.extra_derives.contains(derive) {
                    def.extra_derives.push(derive.clone());
                }
            }
            def.attributes = attributes;
        }
        Ok(())
    }

    /// Turns every inline enum that repeats an earlier one (same values,
    /// variant names, default and deprecation) into an alias of the first,
    /// in name order; the alias keeps its own docs. Documents repeat inline enums per operation, such as the
    /// `$select` values of each Microsoft Graph operation, and every copy
    /// would bring its own trait impls to compile.
    fn share_identical_enums(&mut self) {
        let mut first_by_shape: BTreeMap<String, String> = BTreeMap::new();
        for def in self.types.values_mut() {
            let is_enum = matches!(def.kind, TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. });
            if def.origin != TypeOrigin::Inline || !is_enum {
                continue;
            }
            // Docs stay out of the shape: an inline enum's docs are those of
            // the property it sits in, which the alias keeps.
            let shape = (&def.kind, def.deprecated, &def.deprecation_note);
            // The model has no maps with non-string keys, so this does not
            // fail; if it did, the enum would stay as it is.
            let Ok(key) = serde_json::to_string(&shape) else {
                continue;
            };
            match first_by_shape.get(&key) {
                Some(first) => {
                    def.kind = TypeKind::Alias {
                        target: TypeRef::Named(first.clone()),
                    };
                }
                None => {
                    first_by_shape.insert(key, def.name.clone());
                }
            }
        }
    }

    fn resolve_defaults(&mut self) {
        for pending in std::mem::take(&mut self.pending_defaults) {
            let Some(TypeKind::Struct { fields }) = self.types.get(&pending.type_name).map(|def| &def.kind) else {
                continue;
            };
            let Some(field) = fields.get(pending.field) else {
                continue;
            };
            let value = match default_for(&self.types, &field.type_ref, &pending.value) {
                Some(value) => value,
                // `{}` for an object whose members are all optional says
                // nothing that absence does not.
                None if is_empty_object_of_optional_fields(&self.types, &field.type_ref, &pending.value) => continue,
                None => {
                    let message = format!("default `{}` does not fit the type of `{}`; it is ignored", pending.value, field.wire_name);
                    self.warn(&pending.pointer, message);
                    continue;
                }
            };
            let function = claim(
                snake_ident(&format!("{}_{}", pending.type_name, field.wire_name), "default"),
                "_",
                &mut self.default_functions,
            );
            if let Some(TypeKind::Struct { fields }) = self.types.get_mut(&pending.type_name).map(|def| &mut def.kind) {
                if let Some(field) = fields.get_mut(pending.field) {
                    field.default = Some(FieldDefault { function, value });
                }
            }
        }
    }

    /// Marks struct fields that must be boxed because their type contains
    /// the struct itself without a `Vec` or map in between.
    fn box_cycles(&mut self) {
        let edges: BTreeMap<String, Vec<String>> = self
            .types
            .values()
            .map(|def| (def.name.clone(), direct_members(&def.kind)))
            .collect();
        for def in self.types.values_mut() {
            let name = def.name.clone();
            if let TypeKind::Struct { fields } = &mut def.kind {
                for field in fields {
                    if let Some(target) = direct_name(&field.type_ref) {
                        field.boxed = reaches(&edges, target, &name);
                    }
                }
            }
        }
    }

    /// Sets `Eq`, `Hash`, `Default` and `Copy` on every type where all its
    /// members allow them, as a greatest fixed point so that recursive types
    /// get them too.
    fn decide_derives(&mut self) {
        let mut derives: BTreeMap<String, Derives> = self
            .types
            .values()
            .map(|def| {
                let initial = match &def.kind {
                    TypeKind::Struct { .. } | TypeKind::Alias { .. } => Derives { eq: true, hash: true, default: true, copy: false },
                    TypeKind::StringEnum { default, .. } => Derives { eq: true, hash: true, default: default.is_some(), copy: false },
                    TypeKind::IntegerEnum { default, .. } => Derives { eq: true, hash: true, default: default.is_some(), copy: true },
                    TypeKind::Untagged { .. } => Derives { eq: true, hash: true, default: false, copy: false },
                    TypeKind::Tagged { .. } => Derives { eq: true, hash: false, default: false, copy: false },
                };
                (def.name.clone(), initial)
            })
            .collect();
        loop {
            let mut changed = false;
            for def in self.types.values() {
                let current = derives[&def.name];
                let next = derives_of(&def.kind, &derives, current);
                if next != current {
                    derives.insert(def.name.clone(), next);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for def in self.types.values_mut() {
            def.derives = derives[&def.name];
        }
    }
}

/// Builds a field that takes the remaining members of the object.
fn flattened_field(name: String, type_ref: TypeRef) -> Field {
    Field {
        wire_name: name.clone(),
        name,
        type_ref,
        required: true,
        nullable: false,
        boxed: false,
        flatten: true,
        default: None,
        read_only: false,
        write_only: false,
        docs: Vec::new(),
        deprecated: false,
        deprecation_note: None,
    }
}

/// `allOf` with one member and nothing but annotations beside it.
fn single_member_wrapper<'s>(view: &View<'s>) -> Option<&'s ReferenceOr<Schema>> {
    let [member] = view.all_of else {
        return None;
    };
    let plain = !view.has_properties()
        && view.one_of.is_empty()
        && view.any_of.is_empty()
        && view.required.is_empty()
        && view.additional.is_none()
        && view.data.discriminator.is_none()
        && matches!(view.typ, None | Some("object"));
    plain.then_some(member)
}

/// Returns whether a schema becomes a named type rather than one used in place.
fn needs_definition(view: &View<'_>) -> bool {
    !view.all_of.is_empty()
        || !view.one_of.is_empty()
        || !view.any_of.is_empty()
        || view.is_string_enum()
        || view.is_integer_enum()
        || view.has_properties()
}

/// Finds the fewest properties, constant in every member, whose values tell
/// the members apart. Returns the property names and each member's values.
fn constant_tags(members: &[&IndexMap<String, String>]) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let first = members.first()?;
    let candidates: Vec<&String> = first
        .keys()
        .filter(|name| members.iter().all(|constants| constants.contains_key(*name)))
        .collect();
    let values_of = |tags: &[&String]| -> Vec<Vec<String>> {
        members
            .iter()
            .map(|constants| tags.iter().map(|tag| constants[*tag].clone()).collect())
            .collect()
    };
    let unique = |values: &[Vec<String>]| values.iter().collect::<BTreeSet<_>>().len() == values.len();
    for tag in &candidates {
        let values = values_of(&[tag]);
        if unique(&values) {
            return Some((vec![(*tag).clone()], values));
        }
    }
    for (index, first_tag) in candidates.iter().enumerate() {
        for second_tag in &candidates[index + 1..] {
            let values = values_of(&[first_tag, second_tag]);
            if unique(&values) {
                return Some((vec![(*first_tag).clone(), (*second_tag).clone()], values));
            }
        }
    }
    None
}

/// A variant name for an inline union member, from its title or from the
/// constant value of its properties; `None` names it after its type.
fn inline_member_word(schema: &Schema) -> Option<String> {
    if let Some(title) = &schema.schema_data.title {
        return Some(pascal_ident(title, "Variant"));
    }
    None
}

/// Names a union variant after its type: `String`, `Integer`,
/// `GadgetArray`...
fn type_word(type_ref: &TypeRef, owner: &str) -> String {
    match type_ref {
        TypeRef::Named(name) => name.strip_prefix(owner).filter(|rest| !rest.is_empty()).unwrap_or(name).to_string(),
        TypeRef::Primitive(primitive) => primitive_word(*primitive).to_string(),
        TypeRef::Array(item) => format!("{}Array", type_word(item, owner)),
        TypeRef::Map(_, value) => format!("{}Map", type_word(value, owner)),
        TypeRef::External(path) => path.rsplit("::").next().map_or_else(|| "External".to_string(), |last| pascal_ident(last, "External")),
        TypeRef::Nullable(inner) => format!("Nullable{}", type_word(inner, owner)),
        TypeRef::Any => "Value".to_string(),
    }
}

fn primitive_word(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::String => "String",
        Primitive::Bool => "Boolean",
        Primitive::I8 | Primitive::I16 | Primitive::I32 | Primitive::I64 | Primitive::I128 => "Integer",
        Primitive::U8 | Primitive::U16 | Primitive::U32 | Primitive::U64 | Primitive::U128 => "Integer",
        Primitive::F32 | Primitive::F64 => "Number",
        Primitive::Uuid => "Uuid",
        Primitive::DateTime(_) => "DateTime",
        Primitive::Date(_) => "Date",
        Primitive::Base64 => "Bytes",
        Primitive::Binary => "Binary",
    }
}

/// Matching order of untagged variants: types that accept fewer JSON
/// values go first (integers before numbers, formatted strings before plain
/// strings, any value last).
fn match_rank(type_ref: &TypeRef) -> u8 {
    match type_ref {
        TypeRef::Primitive(Primitive::Bool) => 0,
        TypeRef::Primitive(
            Primitive::I8 | Primitive::I16 | Primitive::I32 | Primitive::I64 | Primitive::I128 | Primitive::U8
            | Primitive::U16 | Primitive::U32 | Primitive::U64 | Primitive::U128,
        ) => 1,
        TypeRef::Primitive(Primitive::F32 | Primitive::F64) => 2,
        TypeRef::Primitive(Primitive::Uuid | Primitive::DateTime(_) | Primitive::Date(_)) => 3,
        // serde reads a struct from a JSON array too, so arrays go before
        // named types.
        TypeRef::Array(_) => 4,
        TypeRef::Named(_) | TypeRef::External(_) => 5,
        TypeRef::Primitive(Primitive::String | Primitive::Base64 | Primitive::Binary) => 6,
        TypeRef::Map(..) => 7,
        TypeRef::Nullable(inner) => match_rank(inner),
        TypeRef::Any => 9,
    }
}

/// The named type a value holds without indirection, looking through
/// `Option`.
fn direct_name(type_ref: &TypeRef) -> Option<&str> {
    match type_ref {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => direct_name(inner),
        _ => None,
    }
}

/// Named types that a value of this kind contains inline (not behind a
/// `Vec` or map).
fn direct_members(kind: &TypeKind) -> Vec<String> {
    let named = |type_ref: &TypeRef| direct_name(type_ref).map(str::to_string);
    match kind {
        TypeKind::Struct { fields } => fields.iter().filter_map(|field| named(&field.type_ref)).collect(),
        TypeKind::Untagged { variants } => variants.iter().filter_map(|variant| named(&variant.type_ref)).collect(),
        TypeKind::Tagged { variants, others, .. } => variants
            .iter()
            .map(|variant| &variant.type_ref)
            .chain(others.iter().map(|variant| &variant.type_ref))
            .filter_map(named)
            .collect(),
        TypeKind::Alias { target } => named(target).into_iter().collect(),
        TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } => Vec::new(),
    }
}

/// Returns whether `to` is reachable from `from` through direct members.
fn reaches(edges: &BTreeMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from.to_string()];
    let mut seen = BTreeSet::new();
    while let Some(current) = stack.pop() {
        if current == to {
            return true;
        }
        if seen.insert(current.clone()) {
            if let Some(next) = edges.get(&current) {
                stack.extend(next.iter().cloned());
            }
        }
    }
    false
}

/// Returns the traits a value of `type_ref` allows, given what is known of
/// the named types.
fn type_allows(type_ref: &TypeRef, derives: &BTreeMap<String, Derives>) -> Derives {
    match type_ref {
        TypeRef::Named(name) => derives.get(name).copied().unwrap_or_default(),
        TypeRef::Primitive(Primitive::F32 | Primitive::F64) => Derives { eq: false, hash: false, default: true, copy: true },
        // The `time` crate's types have no `Default`.
        TypeRef::Primitive(Primitive::DateTime(DateTimeCrate::Time) | Primitive::Date(DateTimeCrate::Time)) => {
            Derives { eq: true, hash: true, default: false, copy: false }
        }
        TypeRef::Primitive(_) => Derives { eq: true, hash: true, default: true, copy: false },
        TypeRef::Array(item) => Derives { default: true, copy: false, ..type_allows(item, derives) },
        TypeRef::Map(_, value) => Derives { hash: false, default: true, copy: false, ..type_allows(value, derives) },
        // Nothing is known of a replacement type beyond the traits that
        // every model type needs (Debug, Clone, PartialEq, serde).
        TypeRef::External(_) => Derives::default(),
        TypeRef::Nullable(inner) => Derives { default: true, copy: false, ..type_allows(inner, derives) },
        TypeRef::Any => Derives { eq: true, hash: false, default: true, copy: false },
    }
}

fn derives_of(kind: &TypeKind, derives: &BTreeMap<String, Derives>, current: Derives) -> Derives {
    let mut next = current;
    let mut require = |allowed: Derives, default_needed: bool| {
        next.eq &= allowed.eq;
        next.hash &= allowed.hash;
        if default_needed {
            next.default &= allowed.default;
        }
    };
    match kind {
        TypeKind::Struct { fields } => {
            for field in fields {
                let optional = !field.required || field.default.is_some();
                require(type_allows(&field.type_ref, derives), !optional);
            }
        }
        TypeKind::Alias { target } => require(type_allows(target, derives), true),
        TypeKind::Untagged { variants } => {
            for variant in variants {
                require(type_allows(&variant.type_ref, derives), false);
            }
        }
        TypeKind::Tagged { variants, others, .. } => {
            for variant in variants {
                require(type_allows(&variant.type_ref, derives), false);
            }
            for variant in others {
                require(type_allows(&variant.type_ref, derives), false);
            }
        }
        TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } => {}
    }
    next
}

/// Checks a schema `default` against the field type.
fn default_for(types: &BTreeMap<String, TypeDef>, type_ref: &TypeRef, value: &Value) -> Option<DefaultValue> {
    match (type_ref, value) {
        (TypeRef::Primitive(Primitive::String), Value::String(text)) => Some(DefaultValue::String(text.clone())),
        (TypeRef::Primitive(Primitive::Bool), Value::Bool(flag)) => Some(DefaultValue::Bool(*flag)),
        (TypeRef::Primitive(Primitive::F32 | Primitive::F64), Value::Number(number)) => number.as_f64().map(DefaultValue::Float),
        (TypeRef::Primitive(primitive), Value::Number(number)) => {
            let integer = number.as_i64()?;
            integer_fits(*primitive, integer).then_some(DefaultValue::Integer(integer))
        }
        (TypeRef::Array(_), Value::Array(items)) if items.is_empty() => Some(DefaultValue::Empty),
        (TypeRef::Map(..), Value::Object(members)) if members.is_empty() => Some(DefaultValue::Empty),
        (TypeRef::Array(_), Value::Array(_)) | (TypeRef::Map(..), Value::Object(_)) => Some(DefaultValue::Json(value.to_string())),
        (TypeRef::Named(name), _) => {
            let def = types.get(name)?;
            match (&def.kind, value) {
                (TypeKind::Alias { target }, _) => default_for(types, target, value),
                (TypeKind::StringEnum { variants, .. }, Value::String(text)) => variants
                    .iter()
                    .find(|variant| variant.wire_value == *text)
                    .map(|variant| DefaultValue::Variant(name.clone(), variant.name.clone())),
                (TypeKind::IntegerEnum { variants, .. }, Value::Number(number)) => {
                    let integer = number.as_i64()?;
                    variants
                        .iter()
                        .find(|variant| variant.value == integer)
                        .map(|variant| DefaultValue::Variant(name.clone(), variant.name.clone()))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn is_empty_object_of_optional_fields(types: &BTreeMap<String, TypeDef>, type_ref: &TypeRef, value: &Value) -> bool {
    let (TypeRef::Named(name), Value::Object(members)) = (type_ref, value) else {
        return false;
    };
    match types.get(name).map(|def| &def.kind) {
        Some(TypeKind::Struct { fields }) => members.is_empty() && fields.iter().all(|field| !field.required),
        Some(TypeKind::Alias { target }) => is_empty_object_of_optional_fields(types, target, value),
        _ => false,
    }
}

fn integer_fits(primitive: Primitive, value: i64) -> bool {
    match primitive {
        Primitive::I8 => i8::try_from(value).is_ok(),
        Primitive::I16 => i16::try_from(value).is_ok(),
        Primitive::I32 => i32::try_from(value).is_ok(),
        Primitive::I64 | Primitive::I128 => true,
        Primitive::U8 => u8::try_from(value).is_ok(),
        Primitive::U16 => u16::try_from(value).is_ok(),
        Primitive::U32 => u32::try_from(value).is_ok(),
        Primitive::U64 | Primitive::U128 => value >= 0,
        _ => false,
    }
}

/// Rustdoc lines from `title`, `description` and `example`.
pub fn docs_of(data: &SchemaData) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(title) = &data.title {
        docs.extend(title.lines().map(str::to_string));
    }
    if let Some(description) = &data.description {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.extend(description.trim_end().lines().map(str::to_string));
    }
    if let Some(example) = &data.example {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!("Example: `{example}`"));
    }
    docs
}

/// The note that the lifecycle rewrite stored for a deprecated schema.
fn deprecation_note(data: &SchemaData) -> Option<String> {
    data.extensions
        .get(crate::lifecycle::DEPRECATION_NOTE)
        .and_then(|note| note.as_str())
        .map(str::to_string)
}

/// Checks that a name from the settings is a Rust identifier.
fn check_identifier(settings: &Settings, option: &str, name: &str) -> Result<(), Diagnostic> {
    if syn::parse_str::<syn::Ident>(name).is_err() || name.starts_with("r#") {
        return Err(settings.option_error(option, format!("`{name}` is not a Rust identifier")));
    }
    Ok(())
}

/// Checks that a derive from the settings is a Rust path.
fn check_path(settings: &Settings, option: &str, path: &str) -> Result<(), Diagnostic> {
    if syn::parse_str::<syn::Path>(path).is_err() {
        return Err(settings.option_error(option, format!("`{path}` is not a Rust path such as `Hash` or `schemars::JsonSchema`")));
    }
    Ok(())
}
