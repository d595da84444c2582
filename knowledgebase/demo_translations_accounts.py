"""English and Tatar translations of the demo articles on signing in and account security (SPEC ACC2).

Pure data, merged into knowledgebase/demo_translations.py; the same conventions: markup and structure as in
the Russian original, the portal's buttons and sections quoted in Russian «» with a translation in brackets.
"""

# ruff: noqa: E501  -- article bodies are prose: one line per paragraph or step, as authors type them

ACCOUNT_TRANSLATIONS = {
    "kak-uznat-inn": {
        "en": {
            "title": "How to find out your INN or get one",
            "summary": "You can find your INN in your profile: «Документы и данные» (Documents and data) → «Найти ИНН» (Find INN). The portal asks the Tax Service for the number by your passport; the answer usually comes within a few minutes. If no INN has been assigned yet, you can get one through the portal, an MFC or the tax office.",
            "body": """
## Finding your INN on the portal
1. Open «Профиль» (Profile) → «Документы и данные» (Documents and data).
2. In the «ИНН» (INN) block click «Найти ИНН» (Find INN): the portal sends a request to the Tax Service with your passport data.
3. Wait for the answer: it usually comes within a few minutes. The number will appear under «Документы и данные» (Documents and data), and you will get a notification.

An INN is assigned once and does not change: not when you replace your passport, nor when you change your surname or address.

## If the portal says the INN was not found
- check your passport data: the search uses it;
- if your passport was replaced recently, the Tax Service may not know the new one yet — update your details with the tax office and search again;
- if you have never been assigned an INN, you need to get one.

## Getting an INN for the first time
- on the portal — the service «Постановка на учёт физического лица в налоговом органе» (Registering an individual with the tax authority): the certificate will arrive in electronic form;
- at an MFC or a tax office — with your passport;
- an INN is assigned free of charge and at any age, including to a child.

## Where else to see your INN
- on the certificate of tax registration, paper or electronic;
- on the Tax Service website, in the taxpayer's details;
- on a tax notice.
""",
        },
        "tt": {
            "title": "Үз ИННыгызны ничек белергә яки аны ничек алырга",
            "summary": "ИННны профильдә белергә мөмкин: «Документы и данные» (Документлар һәм мәгълүматлар) → «Найти ИНН» (ИНН табарга). Портал номерны паспорт буенча ФНСтан сорый, җавап гадәттә берничә минутта килә. ИНН әле бирелмәгән булса, аны портал, КФҮ яки салым органы аша алырга мөмкин.",
            "body": """
## Порталда ИННны белү
1. «Профиль» (Профиль) → «Документы и данные» (Документлар һәм мәгълүматлар) бүлеген ачыгыз.
2. «ИНН» блогында «Найти ИНН» (ИНН табарга) төймәсенә басыгыз: портал паспорт мәгълүматлары буенча ФНСка сорау җибәрә.
3. Җавапны көтегез: ул гадәттә берничә минутта килә. Номер «Документы и данные» (Документлар һәм мәгълүматлар) бүлегендә күренәчәк, бу хакта белдерү киләчәк.

ИНН бер тапкыр бирелә һәм үзгәрми: паспортны алыштырганда да, фамилияне яки адресны үзгәрткәндә дә.

## Портал ИНН табылмады дип язса
- паспорт мәгълүматларын тикшерегез: эзләү шулар буенча бара;
- паспорт күптән түгел алыштырылган булса, ФНС яңа паспортны әле белмәскә мөмкин — салым органында мәгълүматларны яңартыгыз һәм эзләүне кабатлагыз;
- сезгә ИНН беркайчан да бирелмәгән булса, аны алырга кирәк.

## ИННны беренче тапкыр ничек алырга
- порталда — «Постановка на учёт физического лица в налоговом органе» (Физик затны салым органында исәпкә кую) хезмәте: таныклык электрон рәвештә киләчәк;
- КФҮдә яки салым инспекциясендә — паспорт белән;
- ИНН түләүсез һәм теләсә кайсы яшьтә бирелә, шул исәптән балага да.

## ИННны тагын кайда карарга
- исәпкә кую турындагы таныклыкта, кәгазь яки электрон;
- ФНС сайтында, салым түләүче турындагы мәгълүматларда;
- салым белдерүендә.
""",
        },
    },
    "dannye-ne-proshli-proverku": {
        "en": {
            "title": "SNILS, passport or INN did not pass the check: what to do",
            "summary": "The data in your profile is checked automatically with the Social Fund (SNILS), the Ministry of Internal Affairs (passport) and the Tax Service (INN). If the check fails, compare the data with the document letter by letter, correct it and send it for checking again.",
            "body": """
Until your SNILS and passport have passed the check, the account cannot be confirmed. The check usually takes a few minutes, sometimes up to several working days; you will get a notification with the result.

## If the check failed
1. Open «Профиль» (Profile) → «Документы и данные» (Documents and data) and see which document did not pass the check.
2. Compare your surname, first name, patronymic and date of birth with the document letter by letter: «е» and «ё», the hyphen in a double surname, spaces.
3. For the passport, check the series, number, date of issue and department code; if the passport has been replaced, enter the new one.
4. Correct the data and click «Отправить на проверку» (Send for checking).

## If the data is correct but the check fails again
- SNILS: the Social Fund may still hold your old data, for example your maiden name. Update it at a Social Fund client office or at an MFC with your passport and SNILS;
- passport: after a passport is replaced, the Ministry's records are updated with a delay — wait a few days and send the data again;
- INN: the portal finds your INN by your passport data. If your passport has changed, the Tax Service may not know the new one — update your details with the tax office, then search for the INN in your profile again.

If nothing helped, write to support with the error number from the check screen: the operator will tell you which agency refused.
""",
        },
        "tt": {
            "title": "СНИЛС, паспорт яки ИНН тикшерүне узмады: нәрсә эшләргә",
            "summary": "Профильдәге мәгълүматлар Социаль фонд (СНИЛС), ЭЭМ (паспорт) һәм ФНС (ИНН) белән автоматик рәвештә тикшерелә. Тикшерү узмаса, мәгълүматларны документ белән хәрефкә кадәр чагыштырыгыз, төзәтегез һәм кабат тикшерүгә җибәрегез.",
            "body": """
СНИЛС һәм паспорт тикшерүне узмыйча, хисап язмасын раслап булмый. Тикшерү гадәттә берничә минут, кайвакыт берничә эш көненә кадәр дәвам итә; нәтиҗә белдерү белән киләчәк.

## Тикшерү узмаса
1. «Профиль» (Профиль) → «Документы и данные» (Документлар һәм мәгълүматлар) бүлеген ачыгыз һәм кайсы документ тикшерүне узмаганын карагыз.
2. Фамилияне, исемне, атаның исемен һәм туу датасын документ белән хәрефкә кадәр чагыштырыгыз: «е» һәм «ё», икеле фамилиядәге сызыкча, буш урыннар.
3. Паспорт өчен сериясен, номерын, бирелү датасын һәм бүлекчә кодын тикшерегез; паспорт алыштырылган булса, яңасын күрсәтегез.
4. Мәгълүматларны төзәтегез һәм «Отправить на проверку» (Тикшерүгә җибәрергә) төймәсенә басыгыз.

## Мәгълүматлар дөрес, ә тикшерү тагын узмаса
- СНИЛС: Социаль фондта элеккеге мәгълүматлар сакланырга мөмкин, мәсәлән, кияүгә чыкканчы фамилия. Аларны паспорт һәм СНИЛС белән Социаль фондның клиентлар хезмәтендә яки КФҮдә яңартыгыз;
- паспорт: паспорт алыштырылганнан соң ЭЭМдагы белешмәләр шунда ук күренми — берничә көн көтегез һәм мәгълүматларны кабат җибәрегез;
- ИНН: портал ИННны паспорт мәгълүматлары буенча таба. Паспорт алышынган булса, ФНС яңа паспортны белмәскә мөмкин — салым органында белешмәләрне яңартыгыз, аннары профильдә ИННны эзләүне кабатлагыз.

Бернәрсә дә ярдәм итмәсә, тикшерү экраныннан хата номерын ярдәм хезмәтенә языгыз: оператор кайсы ведомство баш тартканын әйтәчәк.
""",
        },
    },
    "smena-telefona-i-pochty": {
        "en": {
            "title": "How to change the phone number, email or login you sign in with",
            "summary": "You can sign in with your phone number, email or SNILS. The phone number and email are changed in your profile: the new contact is confirmed with a code. If you have lost the old number, restore access first.",
            "body": """
The portal has no separate login: you sign in with your mobile phone number, email address or SNILS.

## Change the phone number or email
1. Open «Профиль» (Profile) → «Учётная запись» (Account) → «Контакты» (Contacts).
2. Click «Изменить» (Change) next to the phone number or email.
3. Enter the new number or address and confirm it with the code from the SMS or the link in the email.
4. For security, the portal may ask you to enter your password again.

## If you have lost the old number
1. Restore access by email or SNILS — see the article “How to restore your password”.
2. After signing in, link the new number in your profile.

After the phone number is changed, sign-in confirmation codes are sent to the new number. A notice of the change goes to your old contacts — if you did not expect it, change your password at once and contact support.
""",
        },
        "tt": {
            "title": "Керү өчен телефонны, почтаны яки логинны ничек алыштырырга",
            "summary": "Телефон, почта яки СНИЛС буенча керергә мөмкин. Телефонны һәм почтаны профильдә алыштырырга була: яңа контакт код белән раслана. Иске номер югалган булса, башта керү мөмкинлеген торгызыгыз.",
            "body": """
Порталда аерым логин юк: мобиль телефон, электрон почта яки СНИЛС буенча керергә мөмкин.

## Телефонны яки почтаны алыштырырга
1. «Профиль» (Профиль) → «Учётная запись» (Хисап язмасы) → «Контакты» (Контактлар) бүлеген ачыгыз.
2. Телефон яки почта янындагы «Изменить» (Үзгәртергә) төймәсенә басыгыз.
3. Яңа номерны яки адресны кертегез һәм аны СМС-тагы код яки хаттагы сылтама белән раслагыз.
4. Куркынычсызлык өчен портал серсүзне тагын бер тапкыр кертүне сорарга мөмкин.

## Иске номер югалган булса
1. Керү мөмкинлеген почта яки СНИЛС буенча торгызыгыз — «Серсүзне ничек торгызырга» мәкаләсен карагыз.
2. Кергәннән соң профильдә яңа номерны беркетегез.

Телефон алыштырылганнан соң керү вакытында раслау коды яңа номерга киләчәк. Алыштыру турында белдерү иске контактларга килә — әгәр сез аны көтмәгән булсагыз, шунда ук серсүзне алыштырыгыз һәм ярдәм хезмәтенә мөрәҗәгать итегез.
""",
        },
    },
    "vhod-s-podtverzhdeniem": {
        "en": {
            "title": "How to turn on two-step sign-in (two-factor protection)",
            "summary": "Two-step sign-in protects the account even if the password leaks: besides the password, a one-time code from an SMS or an app is needed. It is turned on in the security settings of your profile.",
            "body": """
1. Open «Профиль» (Profile) → «Безопасность» (Security).
2. Choose «Вход с подтверждением» (Two-step sign-in) and click «Включить» (Turn on).
3. Choose the method: an SMS code or an authenticator app.
4. For an app, scan the QR code on the screen and enter the six-digit code from the app.
5. Keep the backup codes in a safe place — you will need them if you lose your phone.

## Good to know
- support staff never ask for a confirmation code — do not tell it to anyone;
- when you change your phone, set up the authenticator app again;
- two-step sign-in is turned off in the same place by entering the current code.
""",
        },
        "tt": {
            "title": "Раслау белән керүне ничек кабызырга (ике факторлы яклау)",
            "summary": "Раслау белән керү серсүз чит кешеләргә билгеле булса да хисап язмасын саклый: серсүздән тыш СМС яки кушымтадан бер тапкырлык код кирәк. Ул профильнең куркынычсызлык көйләүләрендә кабызыла.",
            "body": """
1. «Профиль» (Профиль) → «Безопасность» (Куркынычсызлык) бүлеген ачыгыз.
2. «Вход с подтверждением» (Раслау белән керү) дигәнне сайлагыз һәм «Включить» (Кабызырга) төймәсенә басыгыз.
3. Ысулны сайлагыз: СМС аша код яки аутентификатор кушымтасы.
4. Кушымта өчен экрандагы QR-кодны сканерлагыз һәм кушымтадагы алты санлы кодны кертегез.
5. Резерв кодларны ышанычлы урында саклагыз — телефон югалса, алар кирәк булачак.

## Белү файдалы
- ярдәм хезмәте хезмәткәрләре раслау кодын беркайчан да сорамый — аны беркемгә дә әйтмәгез;
- телефонны алыштырганда аутентификатор кушымтасын яңадан көйләгез;
- раслау белән керүне шул ук урында хәзерге кодны кертеп сүндерергә мөмкин.
""",
        },
    },
    "poteryan-telefon-vtoroy-faktor": {
        "en": {
            "title": "Phone lost or stolen, or no access to the authenticator app",
            "summary": "If the second factor is unavailable, sign in with a backup code or choose another confirmation method on the sign-in page. If no methods are left, restore access through support or in person at a service centre.",
            "body": """
Two-step sign-in needs a password and a one-time code. If your phone is lost or broken, or the authenticator app has been deleted, act in this order.

## If you still have backup codes
1. On the code entry page, choose «Другой способ» (Another method) → «Резервный код» (Backup code).
2. Enter one of the backup codes: each works only once.
3. After signing in, open «Профиль» (Profile) → «Безопасность» (Security) and set up two-step sign-in again on the new device.

## If you have no backup codes
1. If your mobile operator has restored the SIM card with your old number, get the code by SMS.
2. If the number is lost, click «Нет доступа к коду» (No access to the code) on the sign-in page: the portal will offer to confirm your identity another way.
3. If you cannot confirm your identity online, go to a service centre with your passport and SNILS: the staff will help turn off two-step sign-in and change the number.

## So that it does not happen again
- keep the backup codes apart from your phone, for example printed out;
- when you change phones, move the authenticator app entries before resetting the old device;
- if your phone is stolen, block the SIM card with your mobile operator at once and call the hotline +7 495 777-77-77.

Support staff do not ask for passwords or codes and do not turn off protection over the phone without checking your identity.
""",
        },
        "tt": {
            "title": "Телефон югалган яки урланган, аутентификатор кушымтасына керү мөмкинлеге юк",
            "summary": "Икенче фактор булмаса, резерв код белән керегез яки керү битендә башка раслау ысулын сайлагыз. Ысуллар калмаса, керү мөмкинлеген ярдәм хезмәте аша яки хезмәт күрсәтү үзәгендә шәхсән торгызыгыз.",
            "body": """
Раслау белән керү өчен серсүз һәм бер тапкырлык код кирәк. Телефон югалса, ватылса яки аутентификатор кушымтасы бетерелсә, тәртип буенча эш итегез.

## Резерв кодлар сакланса
1. Код кертү битендә «Другой способ» (Башка ысул) → «Резервный код» (Резерв код) дигәнне сайлагыз.
2. Резерв кодларның берсен кертегез: һәрберсе бер генә тапкыр эшли.
3. Кергәннән соң «Профиль» (Профиль) → «Безопасность» (Куркынычсызлык) бүлеген ачыгыз һәм яңа җайланмада раслау белән керүне яңадан көйләгез.

## Резерв кодлар булмаса
1. Элемтә операторы SIM-картаны элеккеге номер белән торгызган булса, кодны СМС аша алыгыз.
2. Номер югалган булса, керү битендә «Нет доступа к коду» (Кодка керү мөмкинлеге юк) төймәсенә басыгыз: портал шәхесне башка ысул белән раслауны тәкъдим итәчәк.
3. Шәхесне онлайн раслап булмаса, паспорт һәм СНИЛС белән хезмәт күрсәтү үзәгенә мөрәҗәгать итегез: хезмәткәр раслау белән керүне сүндерергә һәм номерны алыштырырга ярдәм итәчәк.

## Бу кабатланмасын өчен
- резерв кодларны телефоннан аерым саклагыз, мәсәлән, бастырып;
- телефонны алыштырганда иске җайланманы ташлаганчы аутентификатор кушымтасындагы язмаларны күчерегез;
- телефон урланса, шунда ук элемтә операторында SIM-картаны блоклагыз һәм +7 495 777-77-77 кайнар линиясенә шалтыратыгыз.

Ярдәм хезмәте хезмәткәрләре серсүзне һәм кодларны сорамый һәм шәхесне тикшермичә телефон аша яклауны сүндерми.
""",
        },
    },
    "ne-prihodit-push-kod": {
        "en": {
            "title": "The push notification with the code does not arrive in the mobile app",
            "summary": "A push notification with a code arrives only on a phone where you are signed in to the portal's mobile app and notifications are allowed. Check the permissions, the internet connection and power saving, or choose to get the code by SMS.",
            "body": """
## Check your phone
1. Make sure you are signed in to the same account in the portal's mobile app.
2. Allow the app to send notifications: phone settings → «Уведомления» (Notifications) → the portal's app.
3. Turn off «Не беспокоить» (Do not disturb) and power saving for the app: on many Android smartphones they delay push notifications.
4. Check the internet connection: push notifications come over the mobile network or Wi-Fi; without the internet they do not arrive.
5. Update the app to the latest version.

## If the push notification still does not arrive
- open the app yourself: the sign-in confirmation request may be waiting in the app's notifications section;
- choose to get the code by SMS on the sign-in page;
- sign out of the app and sign in again — the phone will register for notifications anew.

## If a request came but you were not signing in
Do not confirm it. Change your password and check the list of devices in «Безопасность» (Security) — see the article “Suspicious sign-in or a hacked account: what to do”.
""",
        },
        "tt": {
            "title": "Мобиль кушымтада код белән push-белдерү килми",
            "summary": "Код белән push-белдерү порталның мобиль кушымтасына кергән һәм белдерүләр рөхсәт ителгән телефонга гына килә. Рөхсәтләрне, интернетны һәм энергия саклау режимын тикшерегез яки кодны СМС аша алуны сайлагыз.",
            "body": """
## Телефонны тикшерегез
1. Порталның мобиль кушымтасында шул ук хисап язмасына кергәнегезгә инаныгыз.
2. Кушымтага белдерүләр рөхсәт итегез: телефон көйләүләре → «Уведомления» (Белдерүләр) → портал кушымтасы.
3. Кушымта өчен «Не беспокоить» (Борчымаска) режимын һәм энергия саклауны сүндерегез: күп Android-смартфоннарда алар push-белдерүләрне тоткарлый.
4. Интернетны тикшерегез: push-белдерүләр мобиль челтәр яки Wi-Fi аша килә, интернетсыз алар килми.
5. Кушымтаны соңгы версиягә яңартыгыз.

## Push-белдерү һаман килмәсә
- кушымтаны үзегез ачыгыз: керүне раслау соравы кушымтаның белдерүләр бүлегендә көтеп торырга мөмкин;
- керү битендә кодны СМС аша алуны сайлагыз;
- кушымтадан чыгыгыз һәм яңадан керегез — телефон белдерүләр өчен яңадан теркәләчәк.

## Сорау килгән, ә сез кермәгән булсагыз
Аны расламагыз. Серсүзне алыштырыгыз һәм «Безопасность» (Куркынычсызлык) бүлегендә җайланмалар исемлеген тикшерегез — «Шикле керү яки хисап язмасын бозып керү: нишләргә» мәкаләсен карагыз.
""",
        },
    },
    "vhod-po-elektronnoy-podpisi-i-cherez-bank": {
        "en": {
            "title": "Signing in with an electronic signature and through a bank",
            "summary": "You can sign in to the portal not only with a password but also with a qualified electronic signature on a token. Through internet banking you can register and confirm your account, and with some banks also restore access.",
            "body": """
## Signing in with an electronic signature
1. Connect the token or smart card that holds your qualified signature.
2. Install the electronic signature plug-in and the cryptographic software if they are not installed yet.
3. On the sign-in page, choose «Эл. подпись» (E-signature).
4. Choose the certificate from the list and enter the token's PIN.

Signing in with a signature works if the certificate is issued in your name and carries the same SNILS as your account.

## What you can do through a bank
- register an account and confirm it at once, if you are the bank's customer and the bank has already verified your identity;
- confirm an account created earlier;
- with some banks — restore access to your account.

Find the «Госуслуги» (Gosuslugi) section in your bank's app or use the search in the app.

## Security
- enter your portal password only on the portal's own page, never in a form on another website;
- bank employees never ask you to read out an SMS code from the portal — anyone who asks is a fraudster.
""",
        },
        "tt": {
            "title": "Электрон имза белән һәм банк аша керү",
            "summary": "Порталга серсүз белән генә түгел, ә алып йөрткечтәге квалификацияле электрон имза белән дә керергә мөмкин. Интернет-банк аша теркәлергә һәм хисап язмасын расларга, кайбер банкларда керү мөмкинлеген торгызырга да була.",
            "body": """
## Электрон имза белән керү
1. Квалификацияле имзалы алып йөрткечне — токенны яки смарт-картаны тоташтырыгыз.
2. Электрон имза белән эшләү өчен плагинны һәм криптографик яклау чарасын, әгәр алар әле куелмаган булса, урнаштырыгыз.
3. Керү битендә «Эл. подпись» (Электрон имза) дигәнне сайлагыз.
4. Исемлектән сертификатны сайлагыз һәм алып йөрткечнең PIN-кодын кертегез.

Имза белән керү сертификат сезнең исемгә бирелгән һәм анда хисап язмасындагы шул ук СНИЛС күрсәтелгән булса гына мөмкин.

## Банк аша нәрсә эшләп була
- сез банк клиенты булсагыз һәм банк сезнең шәхесне инде билгеләгән булса, хисап язмасын теркәргә һәм шунда ук расларга;
- элегрәк булдырылган хисап язмасын расларга;
- кайбер банкларда — хисап язмасына керү мөмкинлеген торгызырга.

Банк кушымтасында «Госуслуги» (Дәүләт хезмәтләре) бүлеген табыгыз яки кушымтадагы эзләүдән файдаланыгыз.

## Куркынычсызлык
- портал серсүзен портал битендә генә кертегез, чит сайттагы формада түгел;
- банк хезмәткәрләре порталдан килгән СМС-кодны әйтүне беркайчан да сорамый — сорасалар, бу алдакчылар.
""",
        },
    },
    "uchetnaya-zapis-rebenka": {
        "en": {
            "title": "An account for a child",
            "summary": "A parent can register a child under 14 on the portal: the account is created in the parent's own profile from the child's birth certificate and SNILS. At 14, after receiving a passport, the child moves the account to the passport and confirms their identity.",
            "body": """
## The child is not yet 14
1. Sign in to your confirmed account.
2. Open «Профиль» (Profile) → «Дети» (Children) and check that the child's birth certificate and SNILS have been added.
3. Click «Создать учётную запись ребёнка» (Create the child's account).
4. Set the child's sign-in details and password — follow the prompts on the screen.
5. The child will be able to sign in on their own, and you will manage their account from your profile.

A child's account gives access to the services the child uses personally, for example the electronic school diary and enrolment in clubs. Applications for benefits and for a place in a kindergarten or school are submitted by a parent from their own account.

## The child has turned 14
1. After the passport is issued, add its details to the child's account.
2. Wait for the Ministry of Internal Affairs to check the passport.
3. Confirm the child's identity in any available way, for example at a service centre: the child comes with the passport and SNILS.

## Good to know
- a child's SNILS is issued automatically after the birth is registered; the number is shown in the profile under «Дети» (Children);
- the second parent can also add the child to their profile.
""",
        },
        "tt": {
            "title": "Бала өчен хисап язмасы",
            "summary": "14 яшькә кадәрге баланы порталда ата-ана теркәли ала: хисап язмасы үз профилендә баланың туу турында таныклыгы һәм СНИЛСы буенча булдырыла. 14 яшьтән паспорт алгач, бала хисап язмасын паспортка күчерә һәм шәхесен раслый.",
            "body": """
## Балага әле 14 яшь тулмаган
1. Үзегезнең расланган хисап язмагызга керегез.
2. «Профиль» (Профиль) → «Дети» (Балалар) бүлеген ачыгыз һәм баланың туу турында таныклыгы һәм СНИЛСы өстәлгәнен тикшерегез.
3. «Создать учётную запись ребёнка» (Бала хисап язмасын булдырырга) төймәсенә басыгыз.
4. Бала өчен керү мәгълүматларын һәм серсүзне билгеләгез — экрандагы киңәшләргә иярегез.
5. Бала үзе керә алачак, ә сез аның хисап язмасы белән үз профилегездән идарә итәчәксез.

Бала хисап язмасында бала үзе ала торган хезмәтләр бар, мәсәлән, электрон көндәлек һәм түгәрәкләргә язылу. Пособиеләр, балалар бакчасына һәм мәктәпкә язылу турындагы гаризаларны ата-ана үз хисап язмасыннан бирә.

## Балага 14 яшь тулган
1. Паспорт алгач, аның мәгълүматларын бала хисап язмасына өстәгез.
2. Паспортның Эчке эшләр министрлыгында тикшерелүен көтегез.
3. Баланың шәхесен теләсә кайсы мөмкин булган ысул белән раслагыз, мәсәлән, хезмәт күрсәтү үзәгендә: бала паспорт һәм СНИЛС белән килә.

## Белү файдалы
- балага СНИЛС туу теркәлгәннән соң автоматик рәвештә рәсмиләштерелә; номер профильнең «Дети» (Балалар) бүлегендә күренә;
- икенче ата-ана да баланы үз профиленә өсти ала.
""",
        },
    },
    "uchetnaya-zapis-inostrannogo-grazhdanina": {
        "en": {
            "title": "An account for a foreign citizen",
            "summary": "A foreign citizen registers on the portal with an identity document and SNILS. A foreigner can confirm the account only in person at a service centre.",
            "body": """
## What you will need
- a foreign citizen's identity document;
- SNILS — it is issued through your employer or at the Social Fund;
- a mobile phone with a Russian number;
- a residence permit or a temporary residence permit — if you have one.

## Steps
1. Register on the portal with your phone number.
2. In your profile, choose the document type «Документ иностранного гражданина» (Foreign citizen's document) and enter the details exactly as in the document.
3. Enter your SNILS and wait for the automatic check.
4. Confirm the account in person at a service centre: bring your identity document and SNILS.

## If the details do not pass the check
- check that your name is spelt the same way as in the Social Fund's records: one letter in the transliteration is a frequent cause of a mismatch;
- if the document has been replaced, update your details at the Social Fund first, then in your profile.

The page of each service says which services are available to foreign citizens.
""",
        },
        "tt": {
            "title": "Чит ил гражданинының хисап язмасы",
            "summary": "Чит ил гражданины порталда шәхесне раслый торган документ һәм СНИЛС белән теркәлә. Чит ил кешесе хисап язмасын хезмәт күрсәтү үзәгендә шәхсән генә раслый ала.",
            "body": """
## Нәрсә кирәк булачак
- чит ил гражданинының шәхесен раслый торган документ;
- СНИЛС — аны эш бирүче аша яки Социаль фондта рәсмиләштерәләр;
- Россия номерлы мобиль телефон;
- яшәү рөхсәте яки вакытлыча яшәүгә рөхсәт — алар булса.

## Адымнар
1. Порталда телефон номеры буенча теркәлегез.
2. Профильдә «Документ иностранного гражданина» (Чит ил гражданины документы) төрен сайлагыз һәм мәгълүматларны документтагыча төгәл кертегез.
3. СНИЛСны күрсәтегез һәм автоматик тикшерүне көтегез.
4. Хисап язмасын хезмәт күрсәтү үзәгендә шәхсән раслагыз: шәхесне раслый торган документны һәм СНИЛСны алыгыз.

## Мәгълүматлар тикшерүне узмаса
- ФИОның Социаль фонд мәгълүматларындагы кебек язылганын тикшерегез: транслитерациядәге бер хәреф — туры килмәүнең еш очрый торган сәбәбе;
- документ алыштырылган булса, башта мәгълүматларны Социаль фондта, аннары профильдә яңартыгыз.

Чит ил гражданнарына нинди хезмәтләр керә алуы һәр хезмәтнең битендә күрсәтелгән.
""",
        },
    },
    "udalenie-uchetnoy-zapisi": {
        "en": {
            "title": "How to delete your account",
            "summary": "You can delete your account in the profile settings after entering your password. Deletion cannot be undone: drafts, the history of applications and notifications disappear, while the records held by government agencies remain.",
            "body": """
## Before deleting
- download the documents you need: results of services, statements, receipts — after deletion they will no longer be available;
- wait for decisions on applications under review: notifications about them will stop coming;
- if you only need to change your phone number or email, you do not have to delete the account — see the article “How to change the phone number, email or login you sign in with”.

## How to delete
1. Open «Профиль» (Profile) → «Настройки учётной записи» (Account settings).
2. Click «Удалить учётную запись» (Delete account).
3. Enter your password and confirm the deletion with a code.

## What is important to know
- deletion does not withdraw submitted applications and does not delete the records kept by government agencies: passport, SNILS, tax data;
- a deleted account cannot be restored; you can register again with the same documents, but you will have to confirm your identity again;
- a child's account is deleted by a parent from their own profile.

If you suspect that fraudsters are using your account, do not delete it: call the hotline +7 495 777-77-77 and it will be blocked until the matter is cleared up.
""",
        },
        "tt": {
            "title": "Хисап язмасын ничек бетерергә",
            "summary": "Хисап язмасын профиль көйләүләрендә серсүзне кертеп бетерергә мөмкин. Бетерүне кире кайтарып булмый: караламалар, гаризалар тарихы һәм белдерүләр юкка чыга, ә ведомстволардагы мәгълүматлар саклана.",
            "body": """
## Бетерү алдыннан
- кирәкле документларны йөкләп алыгыз: хезмәтләр нәтиҗәләрен, өземтәләрне, квитанцияләрне — бетергәннән соң алар булмаячак;
- каралып торган гаризалар буенча карарны көтегез: алар турында белдерүләр килүдән туктаячак;
- телефонны яки почтаны гына алыштырырга кирәк булса, хисап язмасын бетерергә кирәкми — «Керү өчен телефонны, почтаны яки логинны ничек алыштырырга» мәкаләсен карагыз.

## Ничек бетерергә
1. «Профиль» (Профиль) → «Настройки учётной записи» (Хисап язмасы көйләүләре) бүлеген ачыгыз.
2. «Удалить учётную запись» (Хисап язмасын бетерергә) төймәсенә басыгыз.
3. Серсүзне кертегез һәм бетерүне код белән раслагыз.

## Нәрсәне белү мөһим
- бетерү бирелгән гаризаларны кире алмый һәм ведомстволарда саклана торган мәгълүматларны бетерми: паспорт, СНИЛС, салым мәгълүматлары;
- бетерелгән хисап язмасын торгызып булмый; шул ук документлар белән яңадан теркәлергә мөмкин, ләкин шәхесне тагын расларга туры киләчәк;
- бала хисап язмасын ата-ана үз профиленнән бетерә.

Хисап язмагыздан алдакчылар файдалана дип шикләнсәгез, аны бетермәгез: +7 495 777-77-77 кайнар линиясенә шалтыратыгыз, һәм ул ачыкланганчы блокланачак.
""",
        },
    },
    "podozritelnyy-vhod": {
        "en": {
            "title": "Suspicious sign-in or a hacked account: what to do",
            "summary": "If your account has been hacked or you received a notice of a sign-in you did not make, change your password at once, end the sessions on other devices and turn on two-step sign-in. Then check the contacts in your profile and the history of actions.",
            "body": """
## Signs
- a notice of a sign-in from a new device or another city when you were not signing in;
- the phone number, email or security question in your profile has changed;
- applications you did not submit have appeared;
- someone calls you, supposedly from the portal's support or a bank, and asks you to read out a code.

## What to do at once
1. Change your password: «Профиль» (Profile) → «Безопасность» (Security) → «Сменить пароль» (Change password). Do not use a password from other websites.
2. End the sessions on other devices in the same section.
3. Turn on two-step sign-in if it is off.
4. Check the phone number, email and security question in your profile and put back your own details.
5. Look through the history of actions: which sign-ins and operations were made.
6. Set a self-ban on loans — this service is available on the portal.

## If you cannot sign in
Your account may have been taken over. Call the hotline +7 495 777-77-77: the operator will block the account and tell you how to restore access.

## If an application was submitted or a loan taken out in your name
Go to the police and to the organisation that issued the loan. Keep the notifications and screenshots of the history of actions — you will need them.
""",
        },
        "tt": {
            "title": "Шикле керү яки хисап язмасын бозып керү: нишләргә",
            "summary": "Хисап язмасын бозып керсәләр яки сез кермәгән керү турында белдерү килсә, шунда ук серсүзне алыштырыгыз, башка җайланмалардагы сеансларны тәмамлагыз һәм раслау белән керүне кабызыгыз. Аннары профильдәге контактларны һәм гамәлләр тарихын тикшерегез.",
            "body": """
## Билгеләр
- сез кермәгәндә яңа җайланмадан яки башка шәһәрдән керү турында белдерү;
- профильдә телефон, почта яки контроль сорау үзгәргән;
- сез бирмәгән гаризалар барлыкка килгән;
- сезгә портал ярдәм хезмәтеннән яки банктан дип шалтыраталар һәм кодны әйтүне сорыйлар.

## Шунда ук нәрсә эшләргә
1. Серсүзне алыштырыгыз: «Профиль» (Профиль) → «Безопасность» (Куркынычсызлык) → «Сменить пароль» (Серсүзне алыштырырга). Башка сайтлардагы серсүзне кулланмагыз.
2. Шул ук бүлектә башка җайланмалардагы сеансларны тәмамлагыз.
3. Раслау белән керү сүндерелгән булса, аны кабызыгыз.
4. Профильдәге телефонны, почтаны һәм контроль сорауны тикшерегез һәм үз мәгълүматларыгызны кайтарыгыз.
5. Гамәлләр тарихын карап чыгыгыз: нинди керүләр һәм операцияләр башкарылган.
6. Кредитларга үз-үзеңә тыю куегыз — бу хезмәт порталда бар.

## Керә алмасагыз
Хисап язмасын басып алган булырга мөмкиннәр. +7 495 777-77-77 кайнар линиясенә шалтыратыгыз: оператор хисап язмасын блоклар һәм керү мөмкинлеген ничек торгызырга икәнен әйтер.

## Сезнең исемнән гариза биргән яки заем рәсмиләштергән булсалар
Полициягә һәм заем рәсмиләштерелгән оешмага мөрәҗәгать итегез. Белдерүләрне һәм гамәлләр тарихының экран сурәтләрен саклагыз — алар кирәк булачак.
""",
        },
    },
    "slishkom-mnogo-popytok-vhoda": {
        "en": {
            "title": "Too many sign-in attempts: a temporary block",
            "summary": "After several wrong passwords or codes in a row, signing in is restricted for a while. Wait until the time given in the message has passed, or restore your password — new attempts only extend the restriction.",
            "body": """
## Why the restriction appeared
The portal protects your account from password guessing: after several failed attempts in a row, signing in is closed for a while. The same happens if a wrong confirmation code is entered many times.

## What to do
1. Do not enter the password again: each new attempt may extend the restriction.
2. Wait until the time given in the error message has passed.
3. If you are not sure of your password, click «Восстановить» (Restore) and set a new one: once the password is restored, the restriction is lifted.
4. Before typing, check the keyboard layout and Caps Lock; enter the phone number in the +7 format.

## When the restriction is not lifted
- if the message says «Учётная запись заблокирована» (Account blocked) without a time, this is a block for security reasons — see the article “Account blocked: the reasons and how to remove the block”;
- if the wrong attempts were not yours, change your password after signing in and turn on two-step sign-in.

Support staff can check the reason for the restriction, but they do not tell or reset passwords over the phone.
""",
        },
        "tt": {
            "title": "Керү омтылышлары артык күп: вакытлыча блоклау",
            "summary": "Рәттән берничә тапкыр дөрес булмаган серсүз яки код кертелгәннән соң керү вакытлыча чикләнә. Белдерүдә күрсәтелгән вакыт узганчы көтегез яки серсүзне торгызыгыз — яңа омтылышлар чикләүне генә озайта.",
            "body": """
## Чикләү ни өчен барлыкка килде
Портал хисап язмасын серсүзне сайлап табудан саклый: рәттән берничә уңышсыз омтылыштан соң керү вакытлыча ябыла. Раслау кодын күп тапкыр дөрес кертмәгәндә дә шулай була.

## Нишләргә
1. Серсүзне яңадан кертмәгез: һәр яңа омтылыш чикләүне озайтырга мөмкин.
2. Хата турындагы белдерүдә күрсәтелгән вакыт узганчы көтегез.
3. Серсүзгә ышанмасагыз, «Восстановить» (Торгызырга) төймәсенә басыгыз һәм яңасын билгеләгез: уңышлы торгызганнан соң чикләү алына.
4. Кертер алдыннан клавиатура җайламасын һәм Caps Lock төймәсен тикшерегез, телефонны +7 форматында кертегез.

## Чикләү алынмаганда
- белдерүдә вакыт күрсәтелмичә «Учётная запись заблокирована» (Хисап язмасы блокланган) дип язылган булса, бу куркынычсызлык сәбәпле блоклау — «Хисап язмасы блокланган: сәбәпләр һәм блоклауны ничек алырга» мәкаләсен карагыз;
- дөрес булмаган омтылышларны сез ясамаган булсагыз, кергәннән соң серсүзне алыштырыгыз һәм раслау белән керүне кабызыгыз.

Ярдәм хезмәте хезмәткәрләре чикләүнең сәбәбен тикшерә ала, ләкин телефон аша серсүзне әйтми һәм ташламый.
""",
        },
    },
}
