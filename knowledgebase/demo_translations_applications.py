"""English and Tatar translations of the demo articles on applications, signatures and personal data (ACC2).

Pure data, merged into knowledgebase/demo_translations.py; the same conventions: markup and structure as in
the Russian original, the portal's buttons and sections quoted in Russian «» with a translation in brackets.
"""

# ruff: noqa: E501  -- article bodies are prose: one line per paragraph or step, as authors type them

APPLICATION_TRANSLATIONS = {
    "kakie-dokumenty-nuzhny": {
        "en": {
            "title": "Which documents are needed to receive a service",
            "summary": "The list of documents is on the page of each service, in the «Что нужно» (What you need) section. The portal requests most details from government agencies itself — you only upload what is not in the state databases.",
            "body": """
1. Open the service page and find the «Что нужно для получения услуги» (What you need to receive the service) section.
2. Check which documents are already in your profile: their details will be filled into the application automatically.
3. Prepare scans or photos of the documents you need to attach (for example, certificates from your employer or court decisions).

## Examples
- replacing the passport at 20 and 45: the current passport, a digital photo, documents for the marriage and children entries; the state fee is paid online through the link in the application card;
- enrolling a child in a kindergarten: the birth certificate, a document on registration at the place of residence, a document confirming a benefit (if any);
- registration at the place of residence: the passport and a document giving the right to move in (a contract, the owner's consent).

File requirements: see the article “Error when uploading a document: file format and size”.
""",
        },
        "tt": {
            "title": "Хезмәт алу өчен нинди документлар кирәк",
            "summary": "Документлар исемлеге һәр хезмәтнең битендә «Что нужно» (Нәрсә кирәк) бүлегендә күрсәтелгән. Күпчелек мәгълүматларны портал ведомстволардан үзе сорый — дәүләт базаларында булмаганны гына йөкләргә кирәк.",
            "body": """
1. Хезмәт битен ачыгыз һәм «Что нужно для получения услуги» (Хезмәтне алу өчен нәрсә кирәк) блогын табыгыз.
2. Профилегездә нинди документлар барлыгын тикшерегез: аларның мәгълүматлары гаризага автоматик рәвештә куелачак.
3. Кушарга кирәк булган документларның сканнарын яки фотоларын әзерләгез (мәсәлән, эш бирүчедән белешмәләр яки суд карарлары).

## Мисаллар
- 20 һәм 45 яшьтә паспортны алыштыру: гамәлдәге паспорт, санлы фотосурәт, никах һәм балалар турында билгеләр өчен документлар; дәүләт пошлинасы гариза карточкасындагы сылтама буенча онлайн түләнә;
- баланы балалар бакчасына язу: туу турында таныклык, яшәү урыны буенча теркәлү турында документ, ташлама хокукын раслаучы документ (булса);
- яшәү урыны буенча теркәлү: паспорт, күчеп килүгә нигез булган документ (шартнамә, милекченең ризалыгы).

Файлларга таләпләр: «Документны йөкләгәндә хата: файл форматы һәм күләме» мәкаләсен карагыз.
""",
        },
    },
    "kak-zapolnit-zayavlenie": {
        "en": {
            "title": "How to fill in and submit an application on the portal",
            "summary": "An application is submitted online and filled in step by step; the details from your profile are filled in automatically. Required fields are marked with an asterisk, errors are highlighted at once, and the draft is saved at every step. The «Отправить» (Send) button stays inactive until every required field is filled in.",
            "body": """
1. Open the service page and click «Начать» (Start).
2. Check the details the portal has taken from your profile. If something is out of date, correct it in the profile, not only in the application.
3. Fill in the required fields (marked with an asterisk). Enter dates in the DD.MM.YYYY format.
4. Attach documents if the service requires them.
5. Choose the agency or centre to submit the application to and how to receive the result.
6. Check the application at the last step and click «Отправить» (Send).

## Tips
- the draft is saved automatically: you can return to it under «Заявления» (Applications) → «Черновики» (Drafts);
- if a field is highlighted in red, the text under it says what to correct;
- after sending you will get a notification with the application number — keep it in case you contact support.

## The «Отправить» (Send) button is inactive (grey)
- scroll back through the application: an empty required field or an error is highlighted in red on one of the steps;
- tick the consent to the processing of personal data and the confirmation that the information is true;
- wait until the files finish uploading: while a document is uploading, the application cannot be sent;
- if everything is filled in and the button still does not respond, reload the page — the draft is kept — or open the application in another browser.
""",
        },
        "tt": {
            "title": "Порталда гаризаны ничек тутырырга һәм бирергә",
            "summary": "Гариза онлайн бирелә һәм адымлап тутырыла; профильдәге мәгълүматлар автоматик рәвештә куела. Мәҗбүри кырлар йолдызчык белән билгеләнгән, хаталар шунда ук яктыртыла, ә каралама һәр адымда саклана. Барлык мәҗбүри кырлар тутырылмыйча, «Отправить» (Җибәрергә) төймәсе эшләми.",
            "body": """
1. Хезмәт битен ачыгыз һәм «Начать» (Башларга) төймәсенә басыгыз.
2. Портал профильдән куйган мәгълүматларны тикшерегез. Берәр нәрсә искергән булса, аны гаризада гына түгел, профильдә төзәтегез.
3. Мәҗбүри кырларны тутырыгыз (йолдызчык белән билгеләнгән). Даталарны КК.АА.ЕЕЕЕ форматында кертегез.
4. Хезмәт таләп итсә, документларны кушыгыз.
5. Гаризаны кайсы ведомствога яки үзәккә бирәсен һәм нәтиҗәне алу ысулын сайлагыз.
6. Соңгы адымда гаризаны тикшерегез һәм «Отправить» (Җибәрергә) төймәсенә басыгыз.

## Киңәшләр
- каралама автоматик рәвештә саклана: аңа «Заявления» (Гаризалар) → «Черновики» (Караламалар) бүлегендә кайтырга мөмкин;
- кыр кызыл төс белән яктыртылган булса, аның астында нәрсәне төзәтергә кирәклеге язылган;
- җибәргәннән соң гариза номеры белән белдерү киләчәк — ярдәм хезмәтенә мөрәҗәгать итү өчен аны саклагыз.

## «Отправить» (Җибәрергә) төймәсе эшләми (соры)
- гаризаны өскә таба карап чыгыгыз: тутырылмаган мәҗбүри кыр яки хата адымнарның берсендә кызыл төс белән яктыртылган;
- шәхси мәгълүматларны эшкәртүгә ризалыкны һәм белешмәләрнең дөреслеген раслауны билгеләгез;
- файллар йөкләнеп беткәнче көтегез: документ йөкләнгәндә гаризаны җибәреп булмый;
- барысы да тутырылган, ә төймә басылмаса, битне яңартыгыз — каралама саклана — яки гаризаны башка браузерда ачыгыз.
""",
        },
    },
    "chernovik-zayavleniya": {
        "en": {
            "title": "An application draft: where to find it and how to continue",
            "summary": "An unfinished application is kept under «Заявления» (Applications) → «Черновики» (Drafts). A draft can be continued or deleted; after some time, drafts that were never sent are deleted automatically.",
            "body": """
1. In your personal account, open «Заявления» (Applications).
2. Go to the «Черновики» (Drafts) tab.
3. Click the draft you need — it opens at the step where you stopped.

## If the draft has gone missing
- check that you have signed in to the same account (for example, your personal account rather than an organisation's);
- drafts whose storage period has expired are deleted — fill in the application again;
- if the application was sent, it is on the «Отправленные» (Sent) tab, not among the drafts.
""",
        },
        "tt": {
            "title": "Гариза караламасы: кайда табарга һәм ничек дәвам итәргә",
            "summary": "Тәмамланмаган гариза «Заявления» (Гаризалар) → «Черновики» (Караламалар) бүлегендә саклана. Караламаны дәвам итәргә яки бетерергә мөмкин; бераз вакыттан соң җибәрелмәгән караламалар автоматик рәвештә бетерелә.",
            "body": """
1. Шәхси кабинетта «Заявления» (Гаризалар) бүлеген ачыгыз.
2. «Черновики» (Караламалар) кыстыргычына күчегез.
3. Кирәкле караламага басыгыз — сез туктаган адым ачылачак.

## Каралама юкка чыкса
- шул ук хисап язмасына кергәнегезне тикшерегез (мәсәлән, оешманыкына түгел, ә шәхси хисап язмагызга);
- саклау вакыты чыккан караламалар бетерелә — гаризаны яңадан тутырыгыз;
- гариза җибәрелгән булса, ул караламаларда түгел, ә «Отправленные» (Җибәрелгәннәр) кыстыргычында.
""",
        },
    },
    "kak-ispravit-zayavlenie": {
        "en": {
            "title": "How to correct or withdraw an application you have sent",
            "summary": "A sent application cannot be changed. Until the agency has reviewed it, you can withdraw it and submit a new one; if the agency has asked for clarification, answer the request in the application card.",
            "body": """
## If you noticed the mistake straight away
1. Open «Заявления» (Applications) and choose the application.
2. If the card has a «Отменить заявление» (Cancel application) button, click it and give the reason.
3. Wait for the «Заявление отменено» (Application cancelled) status and submit a new application with the correct details.

There is no button if the agency has already started the review. In that case contact the agency named in the application card, or support.

## If the agency asked for clarification
The «Требуется уточнение» (Clarification required) status means the agency is waiting for a document or a correction from you. Open the application card, read the agency's comment and upload the corrected details within the given time.

## If you received a refusal
The reason for the refusal is given in the application card. Remove the reason (for example, attach the missing document) and submit the application again.
""",
        },
        "tt": {
            "title": "Җибәрелгән гаризаны ничек төзәтергә яки кире алырга",
            "summary": "Җибәрелгән гаризаны үзгәртеп булмый. Ведомство аны караганчы, гаризаны кире алырга һәм яңасын бирергә мөмкин; ведомство ачыклау сораса — гариза карточкасында сорауга җавап бирегез.",
            "body": """
## Хатаны шунда ук күрсәгез
1. «Заявления» (Гаризалар) бүлеген ачыгыз һәм кирәклесен сайлагыз.
2. Карточкада «Отменить заявление» (Гаризаны юкка чыгарырга) төймәсе булса — аңа басыгыз һәм сәбәбен күрсәтегез.
3. «Заявление отменено» (Гариза юкка чыгарылды) статусын көтегез һәм дөрес мәгълүматлар белән яңа гариза бирегез.

Ведомство карауны башлаган булса, төймә булмый. Бу очракта гариза карточкасында күрсәтелгән ведомствога яки ярдәм хезмәтенә мөрәҗәгать итегез.

## Ведомство ачыклау сораса
«Требуется уточнение» (Ачыклау кирәк) статусы ведомство сездән документ яки төзәтмә көтә дигәнне аңлата. Гариза карточкасын ачыгыз, ведомство аңлатмасын укыгыз һәм күрсәтелгән вакыт эчендә төзәтелгән мәгълүматларны йөкләгез.

## Баш тарту килсә
Баш тарту сәбәбе гариза карточкасында күрсәтелгән. Сәбәпне бетерегез (мәсәлән, җитмәгән документны кушыгыз) һәм гаризаны яңадан бирегез.
""",
        },
    },
    "sroki-rassmotreniya": {
        "en": {
            "title": "How long applications are reviewed: how long to wait for an answer",
            "summary": "How long an application is reviewed is stated on the service page; the period runs from the registration of the application at the agency. If the period has passed and there is no result, contact the agency or support and give the application number.",
            "body": """
The time for providing each service is set by its administrative regulation and shown on the service page in the «Срок» (Time) section.

## How the period is counted
- it runs from the «Принято ведомством» (Accepted by the agency) status, not from the moment of sending;
- periods in working days do not include weekends and public holidays;
- the «Требуется уточнение» (Clarification required) status may pause the period until you answer.

## If the period has passed
1. Check the status history: is there a request for clarification you have not answered?
2. Contact the agency — its contacts are in the application card.
3. If the agency does not answer, write to support and give the application number: we will pass the request to the agency and tell you the result.
""",
        },
        "tt": {
            "title": "Гаризаларны карау вакыты: җавапны күпме көтәргә",
            "summary": "Гаризаны күпме карыйлар — хезмәт битендә күрсәтелгән; вакыт гариза ведомствода теркәлгәннән исәпләнә. Вакыт узса, ә нәтиҗә булмаса, гариза номерын күрсәтеп, ведомствога яки ярдәм хезмәтенә мөрәҗәгать итегез.",
            "body": """
Һәр хезмәтне күрсәтү вакыты аның административ регламенты белән билгеләнгән һәм хезмәт битендә «Срок» (Вакыт) блогында күрсәтелгән.

## Вакыт ничек исәпләнә
- исәп җибәргән мизгелдән түгел, ә «Принято ведомством» (Ведомство кабул итте) статусыннан бара;
- эш көннәрендәге вакытка ял һәм бәйрәм көннәре керми;
- «Требуется уточнение» (Ачыклау кирәк) статусы вакытны сезнең җавапка кадәр туктатып торырга мөмкин.

## Вакыт узса
1. Статуслар тарихын тикшерегез: сез җавап бирмәгән ачыклау соравы юкмы.
2. Ведомство белән элемтәгә керегез — аның контактлары гариза карточкасында күрсәтелгән.
3. Ведомство җавап бирмәсә, ярдәм хезмәтенә языгыз һәм гариза номерын күрсәтегез: без сорауны ведомствога тапшырырбыз һәм нәтиҗәне хәбәр итәрбез.
""",
        },
    },
    "socialnye-vyplaty": {
        "en": {
            "title": "How to apply for a benefit or a social payment",
            "summary": "Most benefits are applied for online through a confirmed account. The Social Fund requests income information itself; you need to give the details of the account for the payments.",
            "body": """
1. Find the service with the portal's search, for example «Единое пособие» (Unified benefit) or «Материнский капитал» (Maternity capital).
2. Check the conditions on the service page: who is entitled to the payment and for which period income is taken into account.
3. Click «Оформить» (Apply) and check the details of your family members — they must be added to your profile in advance.
4. Give the details of the account for the payments. For some payments only a «Мир» (Mir) card is accepted.
5. Send the application and follow its status.

## Common reasons for refusal
- wrong account details, or the account is closed;
- not all family members are listed in the application;
- the family's income is above the threshold.

The decision on the payment is taken by the Social Fund; the portal's support helps with submitting the application and explains the statuses.
""",
        },
        "tt": {
            "title": "Пособиене яки социаль түләүне ничек рәсмиләштерергә",
            "summary": "Күпчелек пособиеләр расланган хисап язмасы аша онлайн рәсмиләштерелә. Социаль фонд керемнәр турында мәгълүматларны үзе сорый; сезгә акча күчерү өчен счет реквизитларын күрсәтергә кирәк.",
            "body": """
1. Хезмәтне портал эзләве аша табыгыз, мәсәлән, «Единое пособие» (Бердәм пособие) яки «Материнский капитал» (Ана капиталы).
2. Хезмәт битендә шартларны тикшерегез: түләү кемгә тиеш һәм нинди чор өчен керемнәр исәпкә алына.
3. «Оформить» (Рәсмиләштерергә) төймәсенә басыгыз һәм гаилә әгъзаларының мәгълүматларын тикшерегез — аларны профильгә алдан өстәргә кирәк.
4. Акча күчерү өчен счет реквизитларын күрсәтегез. Кайбер түләүләр өчен «Мир» картасы гына туры килә.
5. Гаризаны җибәрегез һәм статусын күзәтегез.

## Баш тартуның еш очрый торган сәбәпләре
- счет реквизитлары дөрес түгел яки счет ябылган;
- гаризада гаиләнең барлык әгъзалары да күрсәтелмәгән;
- гаилә кереме чиктән югарырак.

Түләү буенча карарны Социаль фонд кабул итә; портал ярдәм хезмәте гариза бирергә булыша һәм статусларны аңлата.
""",
        },
    },
    "oshibka-podpisaniya": {
        "en": {
            "title": "Error when signing an application with an electronic signature",
            "summary": "Signing with a token needs the electronic signature plug-in, cryptographic software and a valid certificate. Check them step by step before signing again.",
            "body": """
1. Check the certificate's validity period: an expired signature cannot be used.
2. Install the electronic signature plug-in — the link is on the signing page — and restart the browser.
3. Check that the cryptographic software is installed and sees the token (the token is connected, the driver is installed).
4. Allow the plug-in access to the site if the browser asks.
5. Sign again.

## An error in «Госключ» (Goskey)
- update the app to the latest version;
- check that the document for signing has reached the app: the «На подпись» (To sign) list;
- if the certificate in the app has expired, issue a new one — it is free.

If the error comes back, save its text and code and write to support — the request will be passed to a specialist in electronic signatures.
""",
        },
        "tt": {
            "title": "Гаризага электрон имза белән кул куйганда хата",
            "summary": "Алып йөрткечтәге имза өчен электрон имза белән эшләү плагины, криптографик яклау чарасы һәм гамәлдәге сертификат кирәк. Яңадан кул куйганчы аларны адымлап тикшерегез.",
            "body": """
1. Сертификатның гамәлдә булу вакытын тикшерегез: вакыты чыккан имза белән кул куеп булмый.
2. Электрон имза белән эшләү плагинын урнаштырыгыз — сылтама кул кую битендә бар — һәм браузерны яңадан ачыгыз.
3. Криптографик яклау чарасы урнаштырылганын һәм алып йөрткечне күргәнен тикшерегез (токен тоташтырылган, драйвер куелган).
4. Браузер сорау күрсәтсә, плагинга сайтка керергә рөхсәт итегез.
5. Кул куюны кабатлагыз.

## «Госключ» кушымтасында хата
- кушымтаны соңгы версиягә яңартыгыз;
- имза куясы документ кушымтага килгәнен тикшерегез: «На подпись» (Имза куярга) исемлеге;
- кушымтадагы сертификатның вакыты чыккан булса — яңасын чыгарыгыз, бу бушлай.

Хата кабатланса, аның текстын һәм кодын саклагыз һәм ярдәм хезмәтенә языгыз — мөрәҗәгатьне электрон имза буенча белгечкә тапшырачаклар.
""",
        },
    },
    "oplata-gosposhliny": {
        "en": {
            "title": "How to pay the state fee and where to find the receipt",
            "summary": "The state fee is paid through the link in the application card or in the «Платежи» (Payments) section, by card or through the Faster Payments System. Since 2025 there is no 30% discount for paying through the portal: the fee is paid in full.",
            "body": """
## How to pay
1. Open the application card: if the service is paid, it shows a «Оплатить» (Pay) button.
2. Check the amount and the recipient — the payment details are filled in automatically.
3. Choose how to pay: a bank card or the Faster Payments System (SBP).
4. Confirm the payment in your bank and wait for the message that it went through.

## Receipt
The receipt is kept under «Платежи» (Payments) → «История» (History). The payment information is passed to the agency automatically through the state payments system (GIS GMP); you usually do not need to print the receipt.

## Discount
The 30% discount for paying the state fee through the portal applied until 31 December 2024. Since 1 January 2025 the state fee is paid in full; the amount is given on the service page.

## If you paid at a bank
If you paid with a paper receipt, give the unique charge identifier (UIN) or the payment number in the application — the agency will find the payment by it.

## Refund
If the application is cancelled before the service is provided, the fee can be refunded — see the article “How to cancel an application and get the state fee back”.
""",
        },
        "tt": {
            "title": "Дәүләт пошлинасын ничек түләргә һәм квитанцияне кайдан табарга",
            "summary": "Дәүләт пошлинасын гариза карточкасындагы сылтама буенча яки «Платежи» (Түләүләр) бүлегендә карта белән яки ТТС аша түлиләр. 2025 елдан портал аша түләгән өчен 30 % ташлама юк: пошлина тулы күләмдә түләнә.",
            "body": """
## Ничек түләргә
1. Гариза карточкасын ачыгыз: хезмәт түләүле булса, анда «Оплатить» (Түләргә) төймәсе барлыкка киләчәк.
2. Сумманы һәм алучыны тикшерегез — реквизитлар автоматик рәвештә тутырылган.
3. Түләү ысулын сайлагыз: банк картасы яки Тиз түләүләр системасы.
4. Түләүне банкта раслагыз һәм уңышлы түләү турында хәбәрне көтегез.

## Квитанция
Квитанция «Платежи» (Түләүләр) → «История» (Тарих) бүлегендә саклана. Түләү турында мәгълүматлар ведомствога ДММС (ГИС ГМП) аша автоматик рәвештә тапшырыла; квитанцияне бастырырга гадәттә кирәкми.

## Ташлама
Портал аша дәүләт пошлинасын түләгәндә 30 % ташлама 2024 елның 31 декабренә кадәр гамәлдә булды. 2025 елның 1 гыйнварыннан дәүләт пошлинасы тулы күләмдә түләнә, ул хезмәт битендә күрсәтелгән.

## Банкта түләсәгез
Кәгазь квитанция буенча түләгән булсагыз, гаризада түләүнең уникаль идентификаторын (УИН) яки түләү номерын күрсәтегез — ведомство түләүне шуның буенча табачак.

## Кире кайтару
Хезмәт күрсәтелгәнче гариза юкка чыгарылса, пошлинаны кире кайтарырга мөмкин — «Гаризаны ничек юкка чыгарырга һәм дәүләт пошлинасын кире кайтарырга» мәкаләсен карагыз.
""",
        },
    },
    "zayavlenie-vernuli-na-ispravlenie": {
        "en": {
            "title": "The application was returned for correction: what to do",
            "summary": "If the agency has returned your application for correction, its card says what to correct and by when. Correct the details or upload the document in the same card — you do not need to submit a new application.",
            "body": """
## How to find out what to correct
1. Open «Заявления» (Applications) and choose the application with the «Требуется исправление» (Correction required) or «Требуется уточнение» (Clarification required) status.
2. Read the agency's comment: it lists the errors or the missing documents.
3. Note the deadline for your answer: if you do not answer in time, the agency may refuse the service.

## How to correct
1. Click «Исправить» (Correct) or «Ответить» (Reply) in the application card.
2. Correct the fields named — the rest of the details are kept.
3. Upload the missing document if it was requested; the file requirements are in the article “Error when uploading a document: file format and size”.
4. Send the corrected application and make sure the status has changed.

## Common reasons for a return
- the details in the application do not match the passport or SNILS;
- the scan is unreadable or cut off;
- the wrong document or not all pages were attached;
- the state fee has not been paid.

If there is no correction button and the deadline has not passed, contact the agency named in the card, or support, with the application number.
""",
        },
        "tt": {
            "title": "Гаризаны төзәтүгә кире кайтардылар: нишләргә",
            "summary": "Ведомство гаризаны төзәтүгә кайтарса, аның карточкасында нәрсәне һәм кайчанга кадәр төзәтергә кирәклеге күрсәтелгән. Мәгълүматларны төзәтегез яки документны шул ук карточкада йөкләгез — яңа гариза бирергә кирәкми.",
            "body": """
## Нәрсәне төзәтергә кирәклекне ничек аңларга
1. «Заявления» (Гаризалар) бүлеген ачыгыз һәм «Требуется исправление» (Төзәтү кирәк) яки «Требуется уточнение» (Ачыклау кирәк) статуслы гаризаны сайлагыз.
2. Ведомство аңлатмасын укыгыз: анда хаталар яки җитмәгән документлар санап кителгән.
3. Җавап бирү вакытына игътибар итегез: вакытында җавап бирмәсәгез, ведомство хезмәт күрсәтүдән баш тартырга мөмкин.

## Ничек төзәтергә
1. Гариза карточкасында «Исправить» (Төзәтергә) яки «Ответить» (Җавап бирергә) төймәсенә басыгыз.
2. Күрсәтелгән кырларны төзәтегез — калган мәгълүматлар саклана.
3. Сораган булсалар, җитмәгән документны йөкләгез; файлларга таләпләр — «Документны йөкләгәндә хата: файл форматы һәм күләме» мәкаләсендә.
4. Төзәтелгән гаризаны җибәрегез һәм статус үзгәргәненә инаныгыз.

## Кире кайтаруның еш очрый торган сәбәпләре
- гаризадагы мәгълүматлар паспорт яки СНИЛС белән туры килми;
- скан укылмый яки кисеп алынган;
- башка документ яки барлык битләр дә кушылмаган;
- дәүләт пошлинасы түләнмәгән.

Төзәтү төймәсе булмаса, ә вакыт чыкмаган булса, гариза номеры белән карточкада күрсәтелгән ведомствога яки ярдәм хезмәтенә мөрәҗәгать итегез.
""",
        },
    },
    "kak-otmenit-zayavlenie": {
        "en": {
            "title": "How to cancel an application and get the state fee back",
            "summary": "You can cancel an application with the «Отменить заявление» (Cancel application) button in its card until the agency starts the review. The state fee paid is refunded by the agency on a separate application.",
            "body": """
## Cancelling the application
1. Open «Заявления» (Applications) and choose the application.
2. Click «Отменить заявление» (Cancel application) and give the reason.
3. Wait for the «Заявление отменено» (Application cancelled) status — this usually takes a few minutes.

There is no button if the agency has already started the review or the service has been provided. Then the application can only be cancelled at the agency: its contacts are in the application card.

## Appointment
Cancelling an application usually cancels the appointment as well. Check this in the application card so that the time is freed for others.

## Refund of the state fee
1. The refund is arranged by the agency you submitted the application to.
2. Submit a refund application to the agency with your account details and the payment details from «Платежи» (Payments) → «История» (History).
3. A refund can be requested within three years of the payment; the money is returned within a month.

The fee is not refunded if the service has already been provided, for example the passport has been issued.
""",
        },
        "tt": {
            "title": "Гаризаны ничек юкка чыгарырга һәм дәүләт пошлинасын кире кайтарырга",
            "summary": "Ведомство карауны башлаганчы, гаризаны аның карточкасындагы «Отменить заявление» (Гаризаны юкка чыгарырга) төймәсе белән юкка чыгарырга мөмкин. Түләнгән дәүләт пошлинасын ведомство аерым гариза буенча кайтара.",
            "body": """
## Гаризаны юкка чыгару
1. «Заявления» (Гаризалар) бүлеген ачыгыз һәм кирәклесен сайлагыз.
2. «Отменить заявление» (Гаризаны юкка чыгарырга) төймәсенә басыгыз һәм сәбәбен күрсәтегез.
3. «Заявление отменено» (Гариза юкка чыгарылды) статусын көтегез — гадәттә бу берничә минут.

Ведомство карауга керешкән яки хезмәт күрсәтелгән булса, төймә булмый. Ул вакытта гаризаны ведомствода гына юкка чыгарырга мөмкин: аның контактлары гариза карточкасында күрсәтелгән.

## Кабул итүгә язылу
Гаризаны юкка чыгару гадәттә кабул итүгә язылуны да юкка чыгара. Вакыт башкалар өчен бушасын өчен, моны гариза карточкасында тикшерегез.

## Дәүләт пошлинасын кире кайтару
1. Кире кайтаруны сез гариза биргән ведомство рәсмиләштерә.
2. Ведомствога счет реквизитлары һәм «Платежи» (Түләүләр) → «История» (Тарих) бүлегендәге түләү мәгълүматлары белән кире кайтару турында гариза бирегез.
3. Кире кайтару турында гаризаны түләүдән соң өч ел эчендә бирергә мөмкин; акчаны бер ай эчендә кайтаралар.

Хезмәт инде күрсәтелгән булса, мәсәлән, паспорт рәсмиләштерелгән булса, пошлинаны кайтармыйлар.
""",
        },
    },
    "vidy-elektronnoy-podpisi": {
        "en": {
            "title": "Simple, non-qualified and qualified electronic signatures: the difference",
            "summary": "A simple signature is a confirmed account; an enhanced non-qualified one is issued, for example, in the «Госключ» (Goskey) app; an enhanced qualified one (KEP) is equivalent to a handwritten signature and is issued by accredited certification centres.",
            "body": """
## Simple electronic signature (PEP)
- it is signing in to a confirmed account with a password and confirmation codes;
- most applications on the portal are signed with it;
- you do not need to obtain it separately.

## Enhanced non-qualified signature (UNEP)
- it is made with cryptographic tools and makes it possible to check that the document has not changed after signing;
- it is issued free of charge in the «Госключ» (Goskey) app on your phone;
- it is suitable where the law or an agreement between the parties allows it, for example for some contracts and applications.

## Enhanced qualified signature (UKEP, KEP)
- the certificate is issued by an accredited certification centre;
- it is equivalent to a handwritten signature on paper unless the law requires a paper document only;
- it is needed, for example, for reporting, tenders and some of the portal's services.

## How to choose
See the «Как подписать» (How to sign) section on the service page: it states the type of signature needed. A stronger signature can be used instead of a weaker one.
""",
        },
        "tt": {
            "title": "Гади, квалификацияле булмаган һәм квалификацияле электрон имза: аермасы нәрсәдә",
            "summary": "Гади имза — ул расланган хисап язмасы; көчәйтелгән квалификацияле булмаганын, мәсәлән, «Госключ» кушымтасында чыгаралар; көчәйтелгән квалификацияле (КЭИ) үз кулың белән куйган имзага тиң һәм аккредитацияләнгән таныклык үзәкләрендә бирелә.",
            "body": """
## Гади электрон имза (ГЭИ)
- бу расланган хисап язмасына серсүз һәм раслау кодлары белән керү;
- порталдагы күпчелек гаризаларга аның белән кул куела;
- аны аерым алырга кирәкми.

## Көчәйтелгән квалификацияле булмаган имза (ККБЭИ)
- криптографик чаралар белән булдырыла һәм кул куйганнан соң документның үзгәрмәгәнен тикшерергә мөмкинлек бирә;
- телефондагы «Госключ» кушымтасында бушлай чыгарыла;
- аны куллану закон яки якларның килешүе белән рөхсәт ителгәндә туры килә, мәсәлән, кайбер шартнамәләр һәм гаризалар өчен.

## Көчәйтелгән квалификацияле имза (ККЭИ, КЭИ)
- сертификатны аккредитацияләнгән таныклык үзәге бирә;
- закон кәгазь документны гына таләп итмәсә, кәгазьдәге үз кулың белән куйган имзага тиң;
- мәсәлән, хисаплылык, сатулар һәм порталның аерым хезмәтләре өчен кирәк.

## Ничек сайларга
Хезмәт битендәге «Как подписать» (Ничек кул куярга) блогын карагыз: анда кирәкле имза төре күрсәтелгән. Көчсезрәк имза урынына көчлерәге туры килә.
""",
        },
    },
    "gde-poluchit-kep": {
        "en": {
            "title": "Where to get a qualified electronic signature (KEP)",
            "summary": "A private individual gets a KEP at an accredited certification centre or free of charge in the «Госключ» (Goskey) app. The Federal Tax Service's certification centre issues a KEP only to heads of organisations, sole proprietors and notaries.",
            "body": """
## Who gets it where
- a private individual — at an accredited certification centre (for a fee) or in the «Госключ» (Goskey) app (free of charge);
- a sole proprietor, the head of an organisation, a notary — at the Federal Tax Service's certification centre free of charge; the token is bought separately;
- an employee of an organisation — a private individual's KEP and a machine-readable power of attorney from the organisation.

## A KEP in «Госключ» (Goskey)
1. Install the «Госключ» (Goskey) app and sign in with your confirmed account.
2. Choose to issue a qualified certificate.
3. Confirm your identity the way the app offers, for example with a new-type biometric international passport.
4. The signature is kept in a protected cloud; documents are signed in the app.

## A KEP at a certification centre
1. Choose a centre from the list of accredited certification centres published by the Ministry of Digital Development of Russia.
2. Bring your passport and SNILS.
3. Buy a certified token if the centre does not offer a cloud signature.
4. After the certificate is issued, install the cryptographic software and the signature plug-in.

## Validity
A certificate is valid for a limited time; the end date is stated in it. Issue a new certificate in good time, before it expires.
""",
        },
        "tt": {
            "title": "Квалификацияле электрон имзаны (КЭИ) кайда алырга",
            "summary": "Физик зат КЭИны аккредитацияләнгән таныклык үзәгендә яки «Госключ» кушымтасында бушлай ала. ФСХ таныклык үзәге КЭИны оешма җитәкчеләренә, шәхси эшмәкәрләргә һәм нотариусларга гына бирә.",
            "body": """
## Кем кайда ала
- физик зат — аккредитацияләнгән таныклык үзәгендә (түләүле) яки «Госключ» кушымтасында (бушлай);
- шәхси эшмәкәр, оешма җитәкчесе, нотариус — ФСХ таныклык үзәгендә бушлай, алып йөрткеч аерым сатып алына;
- оешма хезмәткәре — физик затның КЭИ һәм оешмадан машинада укыла торган ышаныч кәгазе.

## «Госключ» кушымтасында КЭИ
1. «Госключ» кушымтасын урнаштырыгыз һәм расланган хисап язмасы аша керегез.
2. Квалификацияле сертификат чыгаруны сайлагыз.
3. Шәхесегезне кушымта тәкъдим иткән ысул белән раслагыз, мәсәлән, яңа үрнәктәге чит ил паспорты ярдәмендә.
4. Имза якланган болытта саклана, документларга кушымтада кул куярга мөмкин.

## Таныклык үзәгендә КЭИ
1. Россия Цифрлы үсеш министрлыгы бастырып чыгара торган аккредитацияләнгән таныклык үзәкләре исемлегеннән үзәкне сайлагыз.
2. Паспорт һәм СНИЛСны алыгыз.
3. Үзәк болыттагы имзаны тәкъдим итмәсә, сертификацияләнгән алып йөрткеч (токен) сатып алыгыз.
4. Чыгарганнан соң криптографик яклау чарасын һәм имза белән эшләү плагинын урнаштырыгыз.

## Гамәлдә булу вакыты
Сертификатның гамәлдә булу вакыты чикләнгән, тәмамлану датасы анда күрсәтелгән. Яңа сертификатны алдан, вакыт чыкканчы чыгарыгыз.
""",
        },
    },
    "prilozhenie-goskluch": {
        "en": {
            "title": "The «Госключ» (Goskey) app: how to issue a signature and sign a document",
            "summary": "«Госключ» (Goskey) is a free mobile app for issuing an electronic signature and signing documents on your phone. The document reaches the app from the portal or an organisation's website; signing is confirmed with a PIN.",
            "body": """
## How to start
1. Install «Госключ» (Goskey) from the official app store.
2. Sign in with your confirmed portal account.
3. Create a PIN for signing and do not tell it to anyone, including support staff.
4. Issue a non-qualified signature certificate; a qualified certificate is issued after an extra identity check.

## How to sign a document
1. On the portal or an organisation's website, choose signing with «Госключ» (Goskey).
2. Open the app: the document appears in the «На подпись» (To sign) list.
3. Read the document, tap «Подписать» (Sign) and enter the PIN.
4. The signed document goes back to where it was sent from.

## If something does not work
- the document has not arrived — refresh the list and check that you signed in to the same account;
- the certificate has expired — issue a new one in the app, it is free;
- you forgot the PIN or changed phones — issue the certificate again on the new device.
""",
        },
        "tt": {
            "title": "«Госключ» кушымтасы: имзаны ничек чыгарырга һәм документка ничек кул куярга",
            "summary": "«Госключ» — электрон имза чыгару һәм телефоннан документларга кул кую өчен бушлай мобиль кушымта. Документ кушымтага порталдан яки оешма сайтыннан килә, кул кую PIN-код белән раслана.",
            "body": """
## Ничек башларга
1. «Госключ» кушымтасын рәсми кушымталар кибетеннән урнаштырыгыз.
2. Порталның расланган хисап язмасы аша керегез.
3. Кул кую өчен PIN-код уйлап табыгыз һәм аны беркемгә дә, шул исәптән ярдәм хезмәте хезмәткәрләренә дә әйтмәгез.
4. Квалификацияле булмаган имза сертификатын чыгарыгыз; квалификацияле сертификат шәхесне өстәмә тикшерү белән чыгарыла.

## Документка ничек кул куярга
1. Порталда яки оешма сайтында «Госключ» аша кул куюны сайлагыз.
2. Кушымтаны ачыгыз: документ «На подпись» (Имза куярга) исемлегендә барлыкка киләчәк.
3. Документны укыгыз, «Подписать» (Кул куярга) төймәсенә басыгыз һәм PIN-кодны кертегез.
4. Кул куелган документ кайдан җибәрелгән булса, шунда кайтачак.

## Берәр нәрсә эшләмәсә
- документ килмәгән — исемлекне яңартыгыз һәм шул ук хисап язмасына кергәнегезне тикшерегез;
- сертификатның вакыты чыккан — кушымтада яңасын чыгарыгыз, бу бушлай;
- PIN-кодны оныттыгыз яки телефонны алыштырдыгыз — сертификатны яңа җайланмада яңадан чыгарыгыз.
""",
        },
    },
    "izmenenie-lichnyh-dannyh": {
        "en": {
            "title": "How to change your personal details: passport, surname, address",
            "summary": "After replacing your passport or changing your surname, update the details in your profile: they will be checked by the agencies again. The registered address and contacts can be changed in the profile at any time.",
            "body": """
## A new passport
1. Open «Профиль» (Profile) → «Документы и данные» (Documents and data) → «Паспорт РФ» (Russian passport).
2. Click «Редактировать» (Edit) and enter the details of the new passport.
3. Wait for the Ministry of Internal Affairs to check it — usually from a few minutes to a few days.

## Change of surname
1. Get the new passport first.
2. Update the surname and the passport in your profile at the same time.
3. Make sure the details have been updated at the Social Fund: the SNILS check must pass with the new surname.

## Address and contacts
The registered address, the residential address, the phone number and the email are changed in the profile at once. Changing the address in the profile does not replace registration at the place of residence — there is a separate service for that.

While the details are being checked, some services may be unavailable.
""",
        },
        "tt": {
            "title": "Шәхси мәгълүматларны ничек үзгәртергә: паспорт, фамилия, адрес",
            "summary": "Паспортны алыштырганнан яки фамилияне үзгәрткәннән соң профильдәге мәгълүматларны яңартыгыз: алар ведомстволарда яңадан тикшереләчәк. Теркәлү адресын һәм контактларны профильдә теләсә кайчан үзгәртергә мөмкин.",
            "body": """
## Яңа паспорт
1. «Профиль» (Профиль) → «Документы и данные» (Документлар һәм мәгълүматлар) → «Паспорт РФ» (РФ паспорты) бүлеген ачыгыз.
2. «Редактировать» (Үзгәртергә) төймәсенә басыгыз һәм яңа паспорт мәгълүматларын кертегез.
3. Эчке эшләр министрлыгында тикшерүне көтегез — гадәттә берничә минуттан берничә көнгә кадәр.

## Фамилияне үзгәртү
1. Башта яңа паспорт алыгыз.
2. Профильдә фамилияне һәм паспортны бер үк вакытта яңартыгыз.
3. Мәгълүматларның Социаль фондта яңартылганына инаныгыз: СНИЛСны тикшерү яңа фамилия белән узарга тиеш.

## Адрес һәм контактлар
Теркәлү адресы, яшәү адресы, телефон һәм почта профильдә шунда ук үзгәртелә. Профильдәге адресны үзгәртү яшәү урыны буенча теркәлүне алыштырмый — аның өчен аерым хезмәт бар.

Мәгълүматлар тикшерелгәндә хезмәтләрнең бер өлеше булмаска мөмкин.
""",
        },
    },
    "dannye-ne-doshli-v-vedomstvo": {
        "en": {
            "title": "The details did not reach the agency",
            "summary": "If the agency cannot see your application or updated details, check the status in the application card. The transfer usually takes minutes; delays of more than a day are handled by the technical group.",
            "body": """
1. Open the application card and check the status: while the application is «Отправлено в ведомство» (Sent to the agency), the agency may not see it yet.
2. Wait a day: under heavy load, details are passed on with a delay.
3. If the status is «Принято ведомством» (Accepted by the agency) but the agency cannot find the application, give the staff member the application number from the portal.
4. If the status has not changed for more than a day, write to support and give the application number and the name of the agency.

Requests about data transfer are handled by the technical group: once the problem is fixed, you will be notified of what was done.
""",
        },
        "tt": {
            "title": "Мәгълүматлар ведомствога барып җитмәгән",
            "summary": "Ведомство сезнең гаризаны яки яңартылган мәгълүматларны күрмәсә, гариза карточкасында статусны тикшерегез. Тапшыру гадәттә берничә минут ала; бер тәүлектән озаграк тоткарлануларны техник төркем карый.",
            "body": """
1. Гариза карточкасын ачыгыз һәм статусны тикшерегез: гариза «Отправлено в ведомство» (Ведомствога җибәрелде) статусында булганда, ведомство аны әле күрмәскә мөмкин.
2. Бер тәүлек көтегез: югары йөкләнеш вакытында мәгълүматлар тоткарланып тапшырыла.
3. Статус «Принято ведомством» (Ведомство кабул итте) булса, ә ведомствода гаризаны тапмасалар — хезмәткәргә порталдагы гариза номерын әйтегез.
4. Статус бер тәүлектән артык үзгәрмәсә, ярдәм хезмәтенә языгыз һәм гариза номерын һәм ведомство исемен күрсәтегез.

Мәгълүматларны тапшыру турындагы мөрәҗәгатьләрне техник төркем карый: төзәткәннән соң сез нәрсә эшләнгәне турында белдерү алачаксыз.
""",
        },
    },
}
