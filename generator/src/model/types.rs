//! Schema to type mapping: turns JSON schemas, inline or in
//! `components.schemas`, into `TypeRef`s and named `TypeDef`s.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::naming::{claim, pascal_ident, snake_ident, variant_ident};
use super::{EnumVariant, Field, Primitive, TypeDef, TypeKind, TypeOrigin, TypeRef, UnionVariant};
use crate::diagnostic::{push_pointer, Diagnostic};
use crate::load::Source;
use crate::resolve::component_name;

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

/// Collects named types while schemas are mapped.
pub struct TypeSpace<'a> {
    spec: &'a OpenAPI,
    source: &'a Source,
    /// Rust names of `components.schemas` entries, by component key.
    component_names: BTreeMap<String, String>,
    /// Every Rust type name in use.
    taken: BTreeSet<String>,
    /// Finished types.
    pub types: BTreeMap<String, TypeDef>,
}

impl<'a> TypeSpace<'a> {
    /// Reserves a Rust name for every component schema, so that references
    /// (forward and recursive) resolve before any schema is mapped.
    pub fn new(spec: &'a OpenAPI, source: &'a Source) -> Self {
        let mut taken = BTreeSet::new();
        // Names the generated crate defines itself.
        for reserved in ["Client", "ClientBuilder", "Error", "Result", "ApiError"] {
            taken.insert(reserved.to_string());
        }
        let mut component_names = BTreeMap::new();
        if let Some(components) = &spec.components {
            for key in components.schemas.keys() {
                let name = claim(pascal_ident(key, "Schema"), "", &mut taken);
                component_names.insert(key.clone(), name);
            }
        }
        TypeSpace {
            spec,
            source,
            component_names,
            taken,
            types: BTreeMap::new(),
        }
    }

    /// Maps every component schema to a named type.
    pub fn map_components(&mut self) -> Result<(), Diagnostic> {
        let Some(components) = &self.spec.components else {
            return Ok(());
        };
        for (key, schema) in &components.schemas {
            let name = self.component_names[key].clone();
            let pointer = push_pointer("/components/schemas", key);
            match schema {
                ReferenceOr::Reference { reference } => {
                    let mapped = self.map(SchemaRef::Reference(reference), &pointer, &name)?;
                    self.insert(TypeDef {
                        name: name.clone(),
                        origin: TypeOrigin::Component,
                        pointer,
                        docs: Vec::new(),
                        deprecated: false,
                        kind: TypeKind::Alias {
                            target: mapped.type_ref,
                        },
                    });
                }
                ReferenceOr::Item(schema) => {
                    self.define(schema, &pointer, name, TypeOrigin::Component)?;
                }
            }
        }
        Ok(())
    }

    fn insert(&mut self, def: TypeDef) {
        self.types.insert(def.name.clone(), def);
    }

    /// Looks up a `#/components/schemas/...` reference: the schema and the
    /// Rust name reserved for it.
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
        let mut target = self
            .spec
            .components
            .as_ref()
            .and_then(|components| components.schemas.get(&key))
            .ok_or_else(unsupported)?;
        // Follow component-to-component aliases to the schema itself.
        for _ in 0..64 {
            match target {
                ReferenceOr::Item(schema) => return Ok((schema, name)),
                ReferenceOr::Reference { reference } => {
                    let next = component_name(reference, "schemas")
                        .map(|key| key.replace("~1", "/").replace("~0", "~"))
                        .and_then(|key| self.spec.components.as_ref()?.schemas.get(&key));
                    target = next.ok_or_else(unsupported)?;
                }
            }
        }
        Err(unsupported())
    }

    /// Returns whether the schema is an object with required properties.
    pub fn requires_properties(&self, schema: SchemaRef<'_>) -> bool {
        let schema = match schema {
            SchemaRef::Reference(reference) => match self.component(reference, "") {
                Ok((schema, _)) => schema,
                Err(_) => return false,
            },
            SchemaRef::Item(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => !object.required.is_empty(),
            SchemaKind::Any(any) => !any.required.is_empty(),
            _ => false,
        }
    }

    /// Maps a schema use. Inline objects, enums and unions become named types
    /// called `hint` (made unique).
    pub fn map(&mut self, schema: SchemaRef<'_>, pointer: &str, hint: &str) -> Result<Mapped, Diagnostic> {
        match schema {
            SchemaRef::Reference(reference) => {
                let (target, name) = self.component(reference, pointer)?;
                Ok(Mapped {
                    type_ref: TypeRef::Named(name),
                    nullable: target.schema_data.nullable,
                })
            }
            SchemaRef::Item(schema) => self.map_inline(schema, pointer, hint),
        }
    }

    fn map_inline(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Mapped, Diagnostic> {
        let nullable = schema.schema_data.nullable;
        let plain = |type_ref| Ok(Mapped { type_ref, nullable });
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => {
                plain(TypeRef::Primitive(string_primitive(&string.format)))
            }
            SchemaKind::Type(Type::Integer(integer)) => plain(TypeRef::Primitive(integer_primitive(&integer.format))),
            SchemaKind::Type(Type::Number(number)) => plain(TypeRef::Primitive(match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
                _ => Primitive::F64,
            })),
            SchemaKind::Type(Type::Boolean(_)) => plain(TypeRef::Primitive(Primitive::Bool)),
            SchemaKind::Type(Type::Array(array)) => {
                let item = match &array.items {
                    Some(items) => {
                        let item_pointer = push_pointer(pointer, "items");
                        self.map(SchemaRef::of(items), &item_pointer, &format!("{hint}Item"))?.type_ref
                    }
                    None => TypeRef::Any,
                };
                plain(TypeRef::Array(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(object))
                if object.properties.is_empty() =>
            {
                match &object.additional_properties {
                    Some(AdditionalProperties::Schema(values)) => {
                        let values_pointer = push_pointer(pointer, "additionalProperties");
                        let value = self.map(SchemaRef::of(values), &values_pointer, &format!("{hint}Value"))?;
                        plain(TypeRef::Map(Box::new(value.type_ref)))
                    }
                    _ => plain(TypeRef::Any),
                }
            }
            SchemaKind::Any(any) if is_free_form(any) => plain(TypeRef::Any),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 && schema_is_annotation_only(schema) => {
                // `allOf: [$ref]` beside `nullable` or `description` keeps the
                // referenced type.
                let member = self.map(SchemaRef::of(&all_of[0]), &push_pointer(pointer, "allOf/0"), hint)?;
                Ok(Mapped {
                    type_ref: member.type_ref,
                    nullable: nullable || member.nullable,
                })
            }
            SchemaKind::Not { .. } => Err(self
                .source
                .error(pointer, "unsupported schema: `not` cannot be mapped to a Rust type yet")
                .with_help("remove the `not` keyword or replace the schema by `{}` (any value)")),
            _ => {
                let name = claim(pascal_ident(hint, "Type"), "", &mut self.taken);
                let mut mapped = self.define(schema, pointer, name, TypeOrigin::Inline)?;
                mapped.nullable |= nullable;
                Ok(mapped)
            }
        }
    }

    /// Defines the named type `name` for an object, enum or union schema, and
    /// returns a reference to it.
    fn define(&mut self, schema: &Schema, pointer: &str, name: String, origin: TypeOrigin) -> Result<Mapped, Diagnostic> {
        let data = &schema.schema_data;
        let mut nullable = data.nullable;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                nullable |= string.enumeration.iter().any(Option::is_none);
                let values: Vec<&str> = string.enumeration.iter().flatten().map(String::as_str).collect();
                string_enum(&values)
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let fields = self.fields(&name, pointer, &object.properties, &object.required)?;
                TypeKind::Struct { fields }
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                let fields = self.fields(&name, pointer, &any.properties, &any.required)?;
                TypeKind::Struct { fields }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                self.union(&name, &push_pointer(pointer, keyword), members)?
            }
            SchemaKind::AllOf { all_of } => {
                let mut properties = indexmap::IndexMap::new();
                let mut required = Vec::new();
                self.merge_all_of(all_of, pointer, &mut properties, &mut required)?;
                let fields = self.fields(&name, pointer, &properties, &required)?;
                TypeKind::Struct { fields }
            }
            _ => {
                let mapped = self.map_inline_alias(schema, pointer, &name)?;
                nullable |= mapped.nullable;
                TypeKind::Alias { target: mapped.type_ref }
            }
        };
        self.insert(TypeDef {
            name: name.clone(),
            origin,
            pointer: pointer.to_string(),
            docs: docs_of(data),
            deprecated: data.deprecated,
            kind,
        });
        Ok(Mapped {
            type_ref: TypeRef::Named(name),
            nullable,
        })
    }

    /// Maps a component schema that is a primitive, array or map, for an alias.
    fn map_inline_alias(&mut self, schema: &Schema, pointer: &str, name: &str) -> Result<Mapped, Diagnostic> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Type(Type::Array(_)) | SchemaKind::Type(Type::String(_))
            | SchemaKind::Type(Type::Integer(_)) | SchemaKind::Type(Type::Number(_)) | SchemaKind::Type(Type::Boolean(_))
            | SchemaKind::Not { .. } => self.map_inline(schema, pointer, name),
            _ => Ok(Mapped {
                type_ref: TypeRef::Any,
                nullable: schema.schema_data.nullable,
            }),
        }
    }

    /// Collects the properties and `required` of every `allOf` member, later
    /// members overriding earlier ones.
    fn merge_all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
        properties: &mut indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &mut Vec<String>,
    ) -> Result<(), Diagnostic> {
        for (index, member) in members.iter().enumerate() {
            let member_pointer = push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
            let schema = match member {
                ReferenceOr::Reference { reference } => self.component(reference, &member_pointer)?.0,
                ReferenceOr::Item(schema) => schema,
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    properties.extend(object.properties.clone());
                    required.extend(object.required.iter().cloned());
                }
                SchemaKind::Any(any) => {
                    properties.extend(any.properties.clone());
                    required.extend(any.required.iter().cloned());
                    if !any.all_of.is_empty() {
                        self.merge_all_of(&any.all_of, &member_pointer, properties, required)?;
                    }
                }
                SchemaKind::AllOf { all_of } => self.merge_all_of(all_of, &member_pointer, properties, required)?,
                _ => {
                    return Err(self
                        .source
                        .error(&member_pointer, "unsupported allOf member: only object schemas can be merged for now"));
                }
            }
        }
        Ok(())
    }

    fn fields(
        &mut self,
        owner: &str,
        pointer: &str,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
    ) -> Result<Vec<Field>, Diagnostic> {
        let mut taken = BTreeSet::new();
        let mut fields = Vec::new();
        for (wire_name, property) in properties {
            let property_pointer = push_pointer(&push_pointer(pointer, "properties"), wire_name);
            let hint = format!("{owner}{}", pascal_ident(wire_name, "Field"));
            let mapped = self.map(SchemaRef::of(property), &property_pointer, &hint)?;
            let (docs, deprecated) = match property {
                ReferenceOr::Item(schema) => (docs_of(&schema.schema_data), schema.schema_data.deprecated),
                ReferenceOr::Reference { .. } => (Vec::new(), false),
            };
            fields.push(Field {
                wire_name: wire_name.clone(),
                name: claim(snake_ident(wire_name, "field"), "_", &mut taken),
                type_ref: mapped.type_ref,
                required: required.contains(wire_name),
                nullable: mapped.nullable,
                boxed: false,
                docs,
                deprecated,
            });
        }
        Ok(fields)
    }

    fn union(&mut self, owner: &str, pointer: &str, members: &[ReferenceOr<Schema>]) -> Result<TypeKind, Diagnostic> {
        let mut taken = BTreeSet::new();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = push_pointer(pointer, &index.to_string());
            let base = match member {
                ReferenceOr::Reference { reference } => self.component(reference, &member_pointer)?.1,
                ReferenceOr::Item(schema) => member_name(schema, index),
            };
            let mapped = self.map(SchemaRef::of(member), &member_pointer, &format!("{owner}{base}"))?;
            // Two members of one type can never both match; keep the first.
            if variants.iter().any(|variant| variant.type_ref == mapped.type_ref) {
                continue;
            }
            variants.push(UnionVariant {
                name: claim(base, "", &mut taken),
                type_ref: mapped.type_ref,
            });
        }
        Ok(TypeKind::Untagged { variants })
    }

    /// Marks struct fields that must be boxed because their type contains
    /// the struct itself without a `Vec` or map in between.
    pub fn box_cycles(&mut self) {
        let edges: BTreeMap<String, Vec<String>> = self
            .types
            .values()
            .map(|def| (def.name.clone(), direct_members(&def.kind)))
            .collect();
        for def in self.types.values_mut() {
            let name = def.name.clone();
            if let TypeKind::Struct { fields } = &mut def.kind {
                for field in fields {
                    if let TypeRef::Named(target) = &field.type_ref {
                        field.boxed = reaches(&edges, target, &name);
                    }
                }
            }
        }
    }
}

/// Named types that a value of this kind contains inline (not behind a
/// `Vec` or map).
fn direct_members(kind: &TypeKind) -> Vec<String> {
    let named = |type_ref: &TypeRef| match type_ref {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    };
    match kind {
        TypeKind::Struct { fields } => fields.iter().filter_map(|field| named(&field.type_ref)).collect(),
        TypeKind::Untagged { variants } => variants.iter().filter_map(|variant| named(&variant.type_ref)).collect(),
        TypeKind::Alias { target } => named(target).into_iter().collect(),
        TypeKind::StringEnum { .. } => Vec::new(),
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

fn string_enum(values: &[&str]) -> TypeKind {
    let mut taken = BTreeSet::new();
    let mut seen_values = BTreeSet::new();
    let mut variants = Vec::new();
    for value in values {
        if !seen_values.insert(*value) {
            continue;
        }
        variants.push(EnumVariant {
            wire_value: value.to_string(),
            name: claim(variant_ident(value), "", &mut taken),
        });
    }
    let fallback = claim("Unknown".to_string(), "", &mut taken);
    TypeKind::StringEnum { variants, fallback }
}

fn string_primitive(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Primitive::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Primitive::Date,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => Primitive::Uuid,
        _ => Primitive::String,
    }
}

fn integer_primitive(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uint32" => Primitive::U32,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uint64" => Primitive::U64,
        _ => Primitive::I64,
    }
}

/// A schema with no type, properties, items or composition accepts any value.
fn is_free_form(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
}

/// `allOf` with one member and nothing but annotations beside it.
fn schema_is_annotation_only(schema: &Schema) -> bool {
    schema.schema_data.discriminator.is_none()
}

/// Names an inline union member from its title or its type.
fn member_name(schema: &Schema, index: usize) -> String {
    if let Some(title) = &schema.schema_data.title {
        return pascal_ident(title, "Variant");
    }
    let word = match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(_)) => "Object",
        _ => return format!("Variant{index}"),
    };
    word.to_string()
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
