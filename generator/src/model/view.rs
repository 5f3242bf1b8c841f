//! A uniform view of a schema. `openapiv3` splits schemas into typed kinds
//! and a catch-all; the mapping rules read the same keywords from both.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// The keywords of one schema object, whatever kind `openapiv3` read it as.
pub struct View<'s> {
    /// Annotations: `nullable`, `readOnly`, `default`, docs...
    pub data: &'s SchemaData,
    /// `type`.
    pub typ: Option<&'s str>,
    /// `format`.
    pub format: Option<&'s str>,
    /// `enum` values (`null` included).
    pub enumeration: Vec<Value>,
    /// `properties`.
    pub properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
    /// `required`.
    pub required: &'s [String],
    /// `additionalProperties`.
    pub additional: Option<&'s AdditionalProperties>,
    /// `items`.
    pub items: Option<&'s ReferenceOr<Box<Schema>>>,
    /// `oneOf`.
    pub one_of: &'s [ReferenceOr<Schema>],
    /// `anyOf`.
    pub any_of: &'s [ReferenceOr<Schema>],
    /// `allOf`.
    pub all_of: &'s [ReferenceOr<Schema>],
    /// Whether `not` is present.
    pub not: bool,
}

fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary"),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn integer_format(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64"),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn number_format(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Some("float"),
        VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => Some("double"),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn values<T: Into<Value> + Clone>(items: &[Option<T>]) -> Vec<Value> {
    items
        .iter()
        .map(|item| item.clone().map_or(Value::Null, Into::into))
        .collect()
}

impl<'s> View<'s> {
    /// Reads the keywords of `schema`.
    pub fn of(schema: &'s Schema) -> Self {
        let mut view = View {
            data: &schema.schema_data,
            typ: None,
            format: None,
            enumeration: Vec::new(),
            properties: None,
            required: &[],
            additional: None,
            items: None,
            one_of: &[],
            any_of: &[],
            all_of: &[],
            not: false,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                view.typ = Some("string");
                view.format = string_format(&string.format);
                view.enumeration = values(&string.enumeration);
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                view.typ = Some("integer");
                view.format = integer_format(&integer.format);
                view.enumeration = values(&integer.enumeration);
            }
            SchemaKind::Type(Type::Number(number)) => {
                view.typ = Some("number");
                view.format = number_format(&number.format);
                view.enumeration = number
                    .enumeration
                    .iter()
                    .map(|item| item.and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number))
                    .collect();
            }
            SchemaKind::Type(Type::Boolean(boolean)) => {
                view.typ = Some("boolean");
                view.enumeration = values(&boolean.enumeration);
            }
            SchemaKind::Type(Type::Object(object)) => {
                view.typ = Some("object");
                view.properties = Some(&object.properties);
                view.required = &object.required;
                view.additional = object.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(array)) => {
                view.typ = Some("array");
                view.items = array.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => view.one_of = one_of,
            SchemaKind::AnyOf { any_of } => view.any_of = any_of,
            SchemaKind::AllOf { all_of } => view.all_of = all_of,
            SchemaKind::Not { .. } => view.not = true,
            SchemaKind::Any(any) => {
                view.typ = any.typ.as_deref();
                view.format = any.format.as_deref();
                view.enumeration = any.enumeration.clone();
                view.properties = (!any.properties.is_empty()).then_some(&any.properties);
                view.required = &any.required;
                view.additional = any.additional_properties.as_ref();
                view.items = any.items.as_ref();
                view.one_of = &any.one_of;
                view.any_of = &any.any_of;
                view.all_of = &any.all_of;
                view.not = any.not.is_some();
            }
        }
        view
    }

    /// `nullable: true`, or `null` among the `enum` values.
    pub fn nullable(&self) -> bool {
        self.data.nullable || self.enumeration.iter().any(Value::is_null)
    }

    /// The non-null `enum` values.
    pub fn enum_values(&self) -> Vec<&Value> {
        self.enumeration.iter().filter(|value| !value.is_null()).collect()
    }

    /// A string enum: `type: string` (or no type) with only string values.
    pub fn is_string_enum(&self) -> bool {
        let values = self.enum_values();
        !values.is_empty() && matches!(self.typ, None | Some("string")) && values.iter().all(|value| value.is_string())
    }

    /// An integer enum: `type: integer` with only integer values.
    pub fn is_integer_enum(&self) -> bool {
        let values = self.enum_values();
        !values.is_empty() && self.typ == Some("integer") && values.iter().all(|value| value.is_i64())
    }

    /// Whether this is an object with declared properties.
    pub fn has_properties(&self) -> bool {
        self.properties.is_some_and(|properties| !properties.is_empty())
    }

    /// The single value of a one-value string enum, such as a tag property.
    pub fn constant(&self) -> Option<&str> {
        let values = self.enum_values();
        match values.as_slice() {
            [Value::String(value)] => Some(value),
            _ => None,
        }
    }
}
