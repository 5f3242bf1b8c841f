//! Clients generated from the small fixtures, against a server on
//! 127.0.0.1: parameter encoding, security schemes and wire names.

use naming_fixture::models::{Keywords, Sign};
use openapi_gen_tests::{CannedResponse, TestServer};
use pet_store::models::PetStatus;

const PET: &str = r#"{"id": 7, "name": "Rex", "status": "available", "owner": null,
    "parent": {"id": 1, "name": "Old Rex", "status": "sold"}, "collar": "red"}"#;

fn pet_client(server: &TestServer) -> pet_store::Client {
    pet_store::Client::builder()
        .store_key("store-secret")
        .base_url(&server.base_url)
        .build()
        .unwrap()
}

#[tokio::test]
async fn query_and_header_parameters() {
    let server = TestServer::start(CannedResponse::json(200, r#"{"items": [], "next_cursor": null}"#))
        .await
        .unwrap();
    let trace: uuid::Uuid = "00000000-0000-4000-8000-000000000001".parse().unwrap();
    let tags = ["small dog".to_string(), "a&b".to_string()];
    let page = pet_client(&server)
        .pets()
        .list_pets(&PetStatus::Pending, Some(20), Some(&tags), Some(trace))
        .await
        .unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.next_cursor, Some(None), "explicit null");

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "GET");
    assert_eq!(sent.uri, "/v1/pets?status=pending&limit=20&tags=small+dog&tags=a%26b");
    assert_eq!(sent.header("x-trace-id"), Some("00000000-0000-4000-8000-000000000001"));
    assert_eq!(sent.header("x-store-key"), Some("store-secret"));
    assert_eq!(sent.header("authorization"), None);
}

#[tokio::test]
async fn optional_parameters_are_left_out() {
    let server = TestServer::start(CannedResponse::json(200, r#"{"items": []}"#)).await.unwrap();
    pet_client(&server)
        .pets()
        .list_pets(&PetStatus::Unknown("lost".into()), None, None, None)
        .await
        .unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.uri, "/v1/pets?status=lost");
    assert_eq!(sent.header("x-trace-id"), None);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = TestServer::start(CannedResponse::json(200, r#"{"size": "small"}"#)).await.unwrap();
    let photo = pet_client(&server)
        .pets()
        .get_pet_photo(42, "front view/2024?.jpg")
        .await
        .unwrap();
    assert_eq!(photo["size"], "small");
    assert_eq!(server.requests()[0].uri, "/v1/pets/42/photos/front%20view%2F2024%3F.jpg");
}

#[tokio::test]
async fn recursive_and_nullable_response() {
    let server = TestServer::start(CannedResponse::json(200, PET)).await.unwrap();
    let pet = pet_client(&server).pets().get_pet(7).await.unwrap();
    assert_eq!(pet.id, 7);
    assert_eq!(pet.owner, Some(None));
    assert_eq!(pet.parent.as_ref().map(|parent| parent.name.as_str()), Some("Old Rex"));
    assert_eq!(pet.collar, Some(pet_store::models::PetCollar::String("red".into())));
    assert_eq!(server.requests()[0].uri, "/v1/pets/7");
}

#[tokio::test]
async fn request_body_with_dates_is_sent_as_json() {
    let server = TestServer::start(CannedResponse::json(201, PET)).await.unwrap();
    let new_pet = pet_store::models::NewPet {
        name: "Rex".into(),
        born_on: Some(chrono::NaiveDate::from_ymd_opt(2020, 2, 29).unwrap()),
        tags: None,
        attributes: Some(serde_json::Map::from_iter([("color".to_string(), serde_json::json!("brown"))])),
    };
    pet_client(&server).pets().create_pet(&new_pet).await.unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(body, serde_json::json!({"name": "Rex", "born_on": "2020-02-29", "attributes": {"color": "brown"}}));
}

#[tokio::test]
async fn empty_success_response() {
    let server = TestServer::start(CannedResponse::text(204, "")).await.unwrap();
    #[allow(deprecated)]
    pet_client(&server).pets().delete_pet(3).await.unwrap();
    assert_eq!(server.requests()[0].method, "DELETE");
}

#[test]
fn server_variables_take_their_defaults() {
    assert_eq!(pet_store::DEFAULT_BASE_URL, "https://eu.pets.example.com/v1");
}

#[tokio::test]
async fn basic_auth_and_first_satisfied_alternative() {
    let server = TestServer::start(CannedResponse::json(200, r#""ok""#)).await.unwrap();
    let client = naming_fixture::Client::builder()
        .basic("ada", "lovelace")
        .query_key("qk")
        .base_url(&server.base_url)
        .build()
        .unwrap();
    let created = client.widgets().post(Some(&Sign::Plus)).await.unwrap();
    assert_eq!(created, "ok");
    let sent = &server.requests()[0];
    assert_eq!(sent.header("authorization"), Some("Basic YWRhOmxvdmVsYWNl"));
    assert_eq!(sent.uri, "/widgets", "only the first satisfied alternative is used");
    assert_eq!(String::from_utf8_lossy(&sent.body), r#""+""#);
}

#[tokio::test]
async fn query_key_when_it_is_the_only_credential() {
    let server = TestServer::start(CannedResponse::json(200, r#""ok""#)).await.unwrap();
    let client = naming_fixture::Client::builder()
        .query_key("q k")
        .base_url(&server.base_url)
        .build()
        .unwrap();
    client.widgets().post(Some(&Sign::Empty)).await.unwrap();
    assert_eq!(server.requests()[0].uri, "/widgets?key=q+k");
}

#[tokio::test]
async fn ungrouped_operations_live_on_the_client() {
    let body = r#"{"type": "t", "self": "s", "Self": "S", "2fa-code": "123", "user.name": "ada"}"#;
    let server = TestServer::start_sequence(vec![CannedResponse::json(200, body), CannedResponse::empty(204)])
        .await
        .unwrap();
    let client = naming_fixture::Client::builder().base_url(&server.base_url).build().unwrap();
    let keywords = client.get().await.unwrap();
    assert_eq!(keywords.type_, "t");
    assert_eq!(keywords.self_, "s");
    assert_eq!(keywords.self_2.as_deref(), Some("S"));
    assert_eq!(keywords._2fa_code.as_deref(), Some("123"));
    assert_eq!(keywords.user_name.as_deref(), Some("ada"));

    client.get_by_id("a b", Some("kind")).await.unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(server.requests()[1].uri, "/a%20b?type=kind");
}

#[test]
fn keyword_fields_keep_wire_names() {
    let keywords = Keywords {
        type_: "t".into(),
        self_: "s".into(),
        crate_: Some(1),
        self_2: None,
        default: Some(true),
        match_: Some("m".into()),
        _2fa_code: None,
        user_name: None,
    };
    let json = serde_json::to_value(&keywords).unwrap();
    assert_eq!(json, serde_json::json!({"type": "t", "self": "s", "crate": 1, "default": true, "match": "m"}));
}

#[test]
fn enum_values_that_are_not_words() {
    let cases = [
        (Sign::Plus, "+"),
        (Sign::Minus, "-"),
        (Sign::Empty, ""),
        (Sign::Empty2, "empty"),
        (Sign::MW, "mW"),
        (Sign::Mw, "MW"),
        (Sign::Unknown, "Unknown"),
    ];
    for (variant, wire) in cases {
        assert_eq!(serde_json::to_value(&variant).unwrap(), wire);
        assert_eq!(serde_json::from_value::<Sign>(wire.into()).unwrap(), variant);
    }
    let other: Sign = serde_json::from_value("kW".into()).unwrap();
    assert_eq!(other, Sign::Unknown2("kW".into()));
    assert_eq!(serde_json::to_value(&other).unwrap(), "kW");
}
