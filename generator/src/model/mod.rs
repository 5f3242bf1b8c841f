//! Model stage: the intermediate representation of an API. Every Rust name
//! and type is decided here, once; codegen only prints what this holds. The
//! model is plain data, so `openapi-gen dump-model` can print it as JSON.

mod bodies;
mod build;
pub mod features;
mod longrun;
mod media;
pub mod naming;
mod operations;
mod responses;
mod select;
mod types;
mod view;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::Diagnostic;

pub use crate::config::{DateTimeCrate, MapType};
pub use build::{build, build_unlocated, Unlocated};
pub use select::{kind_type_refs, operation_type_refs, prune};

/// A whole API, ready for codegen.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// Title, version and description from `info`.
    pub info: ApiInfo,
    /// Base URLs from `servers`, variables substituted by their defaults.
    pub servers: Vec<Server>,
    /// Authentication schemes from `components.securitySchemes`.
    pub security_schemes: Vec<SecurityScheme>,
    /// Resource groups, sorted by name, each with its operations.
    pub groups: Vec<Group>,
    /// Operations that belong to no group (their path has no literal segment).
    pub ungrouped: Vec<Operation>,
    /// Every named type, by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Warnings: generation went on, with a fallback each one names.
    pub warnings: Vec<Diagnostic>,
    /// The operation that waiting for action attempts polls, when the
    /// settings enable waiting and the document has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_attempt_poll: Option<ActionAttemptPoll>,
    /// The Cargo features that gate the groups and the types they use, when
    /// the settings gate groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<features::Features>,
}

/// Document metadata.
#[derive(Debug, Clone, Serialize)]
pub struct ApiInfo {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
}

/// One entry of `servers`.
#[derive(Debug, Clone, Serialize)]
pub struct Server {
    /// The URL with every `{variable}` replaced by its default, without a
    /// trailing slash.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
}

/// One entry of `components.securitySchemes`.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// The key in `securitySchemes`.
    pub wire_name: String,
    /// The builder setter that supplies its credential (snake_case).
    pub setter: String,
    /// How the credential is sent.
    pub kind: SecurityKind,
    /// `description`, or a description made from the scheme.
    pub description: Option<String>,
}

/// How a credential travels with a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecurityKind {
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// `bearerFormat`, a hint for documentation.
        format: Option<String>,
    },
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
    /// An API key in a header.
    ApiKeyHeader {
        /// The header name.
        name: String,
    },
    /// An API key in the query string.
    ApiKeyQuery {
        /// The query parameter name.
        name: String,
    },
    /// An API key in a cookie.
    ApiKeyCookie {
        /// The cookie name.
        name: String,
    },
}

/// Operations that share a resource, reached as `client.<name>()`.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The module name: the group path joined by `_` (snake_case).
    pub name: String,
    /// The accessor names from `Client` down to this group.
    pub path: Vec<String>,
    /// The accessor method on the parent handle, or on `Client`.
    pub accessor: String,
    /// The handle type of the enclosing group; `None` for a group reached
    /// from `Client`.
    pub parent: Option<String>,
    /// The handle type the accessor returns (PascalCase).
    pub type_name: String,
    /// Operations of the group, sorted by Rust name.
    pub operations: Vec<Operation>,
}

/// One HTTP operation.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `operationId` as written in the document.
    pub operation_id: Option<String>,
    /// The Rust method name (snake_case), unique within its group.
    pub name: String,
    /// Whether `name` came from the document or was made up from method and path.
    pub name_origin: NameOrigin,
    /// HTTP method in upper case.
    pub http_method: String,
    /// The path template as written, such as `/pets/{pet_id}`.
    pub path: String,
    /// The path template split into literal text and parameters.
    pub path_segments: Vec<PathSegment>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// The note of a deprecation extension, for `#[deprecated(note = ...)]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecation_note: Option<String>,
    /// Parameters in signature order: path parameters in template order,
    /// then required and optional ones.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    pub request_body: Option<RequestBody>,
    /// Declared responses in document order.
    pub responses: Vec<Response>,
    /// The value a successful call returns.
    pub success: Success,
    /// Whether the success value comes wrapped in `crate::Response<T>` with
    /// the status and headers, because a success response documents headers.
    pub success_headers: bool,
    /// The enum of typed error bodies (PascalCase, in the group's module),
    /// when a documented error response has a body.
    pub error_type: Option<String>,
    /// The `Accept` header: the media types of the documented response
    /// bodies, success first; `None` when no response has a body.
    pub accept: Option<String>,
    /// Alternative sets of security scheme names (`security`), any one of
    /// which authorises the call; empty when no authentication is needed.
    pub security: Vec<Vec<String>>,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// The response member holding the action attempt this operation starts,
    /// when the client can wait for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_attempt: Option<String>,
    /// How this list operation pages, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Paging>,
}

/// Where a list operation keeps its cursor and items.
#[derive(Debug, Clone, Serialize)]
pub struct Paging {
    /// The JSON body member or query parameter holding the cursor.
    pub cursor: String,
    /// The Rust name of the query parameter holding the cursor; `None` when
    /// the cursor is a member of the JSON body.
    pub cursor_argument: Option<String>,
    /// The response member holding the items.
    pub items: String,
    /// The item type.
    pub item_type: TypeRef,
    /// The response member holding the page information.
    pub pagination: String,
    /// The member of the page information with the next cursor.
    pub next_cursor: String,
    /// The member of the page information that tells whether there is more.
    pub has_next: String,
}

/// The operation that returns an action attempt by id.
#[derive(Debug, Clone, Serialize)]
pub struct ActionAttemptPoll {
    /// HTTP method in upper case.
    pub http_method: String,
    /// The path.
    pub path: String,
    /// The operation's security alternatives.
    pub security: Vec<Vec<String>>,
    /// The member naming the attempt id in the request.
    pub id_property: String,
    /// The response member holding the attempt.
    pub response_property: String,
}

/// Whether a name was given by the document or made up by the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameOrigin {
    /// Derived from `operationId`.
    OperationId,
    /// Given by the method name extension that the settings name.
    Extension,
    /// Made up from the HTTP method and the path.
    MethodAndPath,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PathSegment {
    /// Text sent as written.
    Literal(String),
    /// The parameter with this Rust name, percent-encoded.
    Parameter(String),
}

/// One operation parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust argument name.
    pub name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// Whether the caller must supply it.
    pub required: bool,
    /// Its type.
    pub type_ref: TypeRef,
    /// `style`, defaults applied: `simple` for path and header parameters,
    /// `form` for query and cookie parameters.
    pub style: ParameterStyle,
    /// `explode`, defaults applied: true for `form` style, false otherwise.
    pub explode: bool,
    /// `description`.
    pub description: Option<String>,
}

/// `in` of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParameterLocation {
    /// Part of the path.
    Path,
    /// Part of the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie, sent in the one `Cookie` header of the request.
    Cookie,
}

/// `style` of a parameter: how arrays and objects are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParameterStyle {
    /// `a,b,c` (path and header default).
    Simple,
    /// `.a.b.c` (path only).
    Label,
    /// `;name=a,b,c` (path only).
    Matrix,
    /// `name=a&name=b` exploded, `name=a,b` otherwise (query and cookie default).
    Form,
    /// `name=a%20b` (query arrays).
    SpaceDelimited,
    /// `name=a|b` (query arrays).
    PipeDelimited,
    /// `name[key]=value` (query objects).
    DeepObject,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    /// The media type as written, such as `application/json`; it becomes the
    /// `Content-Type` header.
    pub media_type: String,
    /// How the body is passed and encoded.
    pub kind: RequestBodyKind,
    /// Whether the body must be sent.
    pub required: bool,
}

/// How a request body is passed and encoded.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RequestBodyKind {
    /// A value serialised as JSON, passed by reference.
    Json {
        /// The body type.
        type_ref: TypeRef,
    },
    /// Text, passed as `&str`.
    Text,
    /// Bytes, passed as `impl Into<reqwest::Body>` and sent untouched.
    Binary {
        /// Whether the media type is a range such as `image/*`, so that the
        /// caller passes the `Content-Type` as an extra argument.
        content_type_argument: bool,
    },
    /// `multipart/form-data` built from a form struct passed by value.
    Multipart {
        /// The form struct.
        form: Form,
    },
    /// `application/x-www-form-urlencoded` built from a form struct passed by
    /// reference.
    UrlEncoded {
        /// The form struct.
        form: Form,
    },
}

/// A struct with one field per property of a form body.
#[derive(Debug, Clone, Serialize)]
pub struct Form {
    /// The struct name (PascalCase, in the group's module).
    pub type_name: String,
    /// Fields in document order.
    pub fields: Vec<FormField>,
}

/// One property of a form body.
#[derive(Debug, Clone, Serialize)]
pub struct FormField {
    /// The part or pair name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub name: String,
    /// What the field holds.
    pub value: FormValue,
    /// Whether the property is an array, sent as one part or pair per item.
    pub repeated: bool,
    /// The separator that joins the items of an array into one pair of an
    /// urlencoded body, from `encoding` (`style`, `explode`); `None` sends one
    /// pair per item.
    pub join: Option<String>,
    /// Listed in `required`; optional fields that are `None` send nothing.
    pub required: bool,
    /// The part's `Content-Type` from `encoding`, if given.
    pub content_type: Option<String>,
    /// `description` of the property.
    pub description: Option<String>,
}

/// The value of a form field.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum FormValue {
    /// A file (`format: binary`): `crate::FilePart`, multipart only.
    File,
    /// A scalar sent as text.
    Text(TypeRef),
    /// An object sent as JSON text, multipart only.
    Json(TypeRef),
    /// An object or an array of non-scalars in an urlencoded body, sent as
    /// bracketed pairs (`name[key]=value`, `name[0][key]=value`).
    Nested(TypeRef),
}

/// One declared response.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// The status code or range as written: `200`, `4XX`, `default`.
    pub status: String,
    /// Which statuses the response covers.
    pub statuses: StatusMatch,
    /// `description`.
    pub description: String,
    /// The body, if one is documented.
    pub body: Option<ResponseBody>,
    /// Names of the documented response headers.
    pub headers: Vec<String>,
    /// The variant of the success enum (or the success value) that this
    /// response becomes, when it counts as a success.
    pub success_variant: Option<String>,
    /// The variant of the operation's error enum that this response becomes,
    /// when it counts as an error.
    pub error_variant: Option<String>,
}

/// The statuses one response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `1XX` to `5XX`: the first digit.
    Range(u16),
    /// `default`: every status no other response covers.
    Default,
}

/// A documented response body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseBody {
    /// The media type as written.
    pub media_type: String,
    /// How it is decoded.
    pub kind: BodyKind,
}

/// How a response body is decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum BodyKind {
    /// JSON, decoded into the type.
    Json(TypeRef),
    /// Text, decoded as UTF-8 with invalid bytes replaced by U+FFFD.
    Text,
    /// Bytes returned untouched (`bytes::Bytes`).
    Binary,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Success {
    /// `()`: no success response has a body.
    Empty,
    /// The body itself: every success response has a body of this kind.
    Body {
        /// The body kind shared by every success response.
        body: BodyKind,
    },
    /// An enum with one variant per success response, named by
    /// `Response::success_variant`.
    Enum {
        /// The enum name (PascalCase, in the group's module).
        type_name: String,
    },
}

/// A use of a type: a field, parameter, body or item type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    /// A type in `Api::types`, by Rust name.
    Named(String),
    /// A built-in scalar.
    Primitive(Primitive),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// A map from string keys to `T`, of the chosen map type;
    /// `serde_json::Map` when `T` is `Any`.
    Map(MapType, Box<TypeRef>),
    /// An existing Rust type that `types.replace` puts in place of a
    /// schema, by path.
    External(String),
    /// `Option<T>` inside a container: an array item or map value that may
    /// be `null`.
    Nullable(Box<TypeRef>),
    /// Any JSON value (`serde_json::Value`).
    Any,
}

/// Built-in scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `i128`.
    I128,
    /// `u128`.
    U128,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `uuid::Uuid`.
    Uuid,
    /// A point in time (`format: date-time`), from the chosen crate:
    /// `chrono::DateTime<chrono::Utc>`, `crate::OffsetDateTime` (RFC 3339
    /// wrapper of `time::OffsetDateTime`) or `jiff::Timestamp`.
    DateTime(DateTimeCrate),
    /// A calendar date (`format: date`): `chrono::NaiveDate`, `time::Date`
    /// or `jiff::civil::Date`.
    Date(DateTimeCrate),
    /// Bytes sent as a base64 string (`format: byte`).
    Base64,
    /// Raw bytes (`format: binary`), for non-JSON bodies and file parts.
    Binary,
}

/// A named type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// The Rust name (PascalCase), unique in the crate.
    pub name: String,
    /// Whether the name came from `components.schemas` or from where an
    /// inline schema sits.
    pub origin: TypeOrigin,
    /// JSON pointer of the schema.
    pub pointer: String,
    /// Rustdoc lines from `title`, `description` and `example`.
    pub docs: Vec<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// The note of a deprecation extension, for `#[deprecated(note = ...)]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecation_note: Option<String>,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// Traits derived beyond `Debug, Clone, PartialEq`, decided once every
    /// type is known.
    pub derives: Derives,
    /// Derives that the settings add (paths), without the ones in `derives`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra_derives: Vec<String>,
    /// Outer attributes that the settings add, as Rust text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
}

/// Optional traits of a type, each set only where every member allows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Derives {
    /// `Eq` (no floating-point members).
    pub eq: bool,
    /// `Hash` (no floats, maps or JSON values).
    pub hash: bool,
    /// `Default` (every field has a default, or the enum a default value).
    pub default: bool,
    /// `Copy` (integer enums).
    pub copy: bool,
}

/// Where a type's name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeOrigin {
    /// A `components.schemas` entry.
    Component,
    /// An inline schema, named after its location.
    Inline,
}

/// The shape of a named type.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// A struct with named fields.
    Struct {
        /// Fields in document order.
        fields: Vec<Field>,
    },
    /// A string enum that keeps values the document does not list.
    StringEnum {
        /// Listed values.
        variants: Vec<EnumVariant>,
        /// The name of the variant that keeps unlisted values.
        fallback: String,
        /// The variant named by the schema's `default`, if valid.
        default: Option<String>,
    },
    /// An integer enum, sent as a JSON number, that keeps unlisted values.
    IntegerEnum {
        /// Listed values.
        variants: Vec<IntegerVariant>,
        /// The name of the variant that keeps unlisted values.
        fallback: String,
        /// The variant named by the schema's `default`, if valid.
        default: Option<String>,
    },
    /// An untagged union: the first variant that deserialises wins, so
    /// variants are ordered narrowest first.
    Untagged {
        /// Variants in matching order.
        variants: Vec<UnionVariant>,
    },
    /// A union told apart by the string values of one or more properties
    /// (a `discriminator`, or properties that are constant in every member).
    Tagged {
        /// The properties whose values select the variant.
        tags: Vec<String>,
        /// Variants in document order.
        variants: Vec<TaggedVariant>,
        /// Members that are not objects, chosen by trying each in turn when
        /// the value is not a JSON object (narrowest first).
        others: Vec<UnionVariant>,
        /// The variant that keeps, as raw JSON, values with unknown tags.
        fallback: String,
    },
    /// A type alias (`pub type Name = T;`).
    Alias {
        /// The aliased type.
        target: TypeRef,
    },
}

/// A member of a tagged union.
#[derive(Debug, Clone, Serialize)]
pub struct TaggedVariant {
    /// The Rust variant name.
    pub name: String,
    /// The member type.
    pub type_ref: TypeRef,
    /// Every tuple of tag values (one value per tag property) that selects
    /// this variant; the first one is written when serializing.
    pub tag_values: Vec<Vec<String>>,
    /// Whether the member type has the tag properties as fields; when it does
    /// not, serialization adds them.
    pub declares_tags: bool,
}

/// An integer enum value.
#[derive(Debug, Clone, Serialize)]
pub struct IntegerVariant {
    /// The value on the wire.
    pub value: i64,
    /// The Rust variant name.
    pub name: String,
}

/// A struct field.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The property name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub name: String,
    /// The value type, before `Option` wrapping.
    pub type_ref: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Whether the field needs `Box` to break a cycle of types.
    pub boxed: bool,
    /// Whether the field holds the remaining members of the object
    /// (`#[serde(flatten)]`), for `additionalProperties` or a union inside
    /// `allOf`.
    pub flatten: bool,
    /// The value used when the member is absent, from the schema's
    /// `default`; such fields are not `Option`.
    pub default: Option<FieldDefault>,
    /// `readOnly`: sent by the server only.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only.
    pub write_only: bool,
    /// Rustdoc lines.
    pub docs: Vec<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// The note of a deprecation extension, for `#[deprecated(note = ...)]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecation_note: Option<String>,
}

/// A default value and the function that returns it.
#[derive(Debug, Clone, Serialize)]
pub struct FieldDefault {
    /// Name of the function in the `defaults` module of `models` (unique).
    pub function: String,
    /// The value.
    pub value: DefaultValue,
}

/// A schema `default`, checked against the field's type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum DefaultValue {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A variant of an enum type: (type name, variant name).
    Variant(String, String),
    /// `[]` or `{}`: the type's `Default`.
    Empty,
    /// A non-empty array or object, as JSON text decoded when needed.
    Json(String),
}

/// A string enum value.
#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    /// The value on the wire.
    pub wire_value: String,
    /// The Rust variant name.
    pub name: String,
}

/// A member of an untagged union.
#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// The member type.
    pub type_ref: TypeRef,
}
